package io.github.cryptocloudwithdrawals.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the service's benchmarks and writes their results into BENCHMARKS.md: rate utilisation,
 * invalid-command throughput, replays, latency when idle, memory and stability under backlog, ledger load,
 * start-up. Run with {@code mvn -q -Pbench} (quick, under 10 minutes) or
 * {@code mvn -q -Pbench -Dbench.mode=full}. Everything runs on 127.0.0.1: a Kafka broker and the
 * CryptoCloud sandbox in this JVM, the service in this JVM or as the real jar. Exit code 1 when an
 * invariant (minimum gap, rebalances) did not hold.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.fromSystemProperties();
        Files.createDirectories(config.workDir());
        long started = System.nanoTime();
        Progress.say("benchmarks, mode %s: %s; results to %s, logs in %s", config.mode(), config.only(), config.output(),
                config.workDir());
        if ((config.runs("invalid") || config.runs("backlog") || config.runs("startup")) && !Files.exists(config.jar())) {
            throw new IllegalStateException(config.jar() + " is missing: run `mvn package -DskipTests` first (the bench profile does)");
        }
        List<Section> sections = new ArrayList<>();
        MachineLoad.start();
        try (BenchEnvironment env = BenchEnvironment.start()) {
            List<RateUtilisation.Scenario> rate = null;
            long rateStarted = System.nanoTime();
            long rateEnded = rateStarted;
            if (config.runs("rate")) {
                rate = new RateUtilisation(env, config.rateCommands(), config.workDir()).run();
                rateEnded = System.nanoTime();
            }
            if (config.runs("invalid")) {
                long from = System.nanoTime();
                sections.add(withLoad(InvalidThroughput.section(new InvalidThroughput(env, config.invalidCommands(), config.jar(), config.workDir()).run(),
                        config.invalidCommands()), from));
            }
            if (config.runs("replay")) {
                long from = System.nanoTime();
                sections.add(withLoad(ReplayThroughput.section(new ReplayThroughput(env, config.replayCommands()).run()), from));
            }
            if (config.runs("latency")) {
                long from = System.nanoTime();
                sections.add(withLoad(IdleLatency.section(new IdleLatency(env, config.latencyCommands()).run()), from));
            }
            BacklogMemory.Result backlog = null;
            if (config.runs("backlog")) {
                long from = System.nanoTime();
                backlog = new BacklogMemory(env, config.jar(), config.workDir(), config.backlogCommands(),
                        config.backlogMinutes()).run();
                sections.add(withLoad(BacklogMemory.section(backlog), from));
            }
            if (rate != null) {
                Section section = RateUtilisation.section(rate, config.rateCommands(),
                        backlog == null ? null : backlog.serviceGaps(), backlog == null ? null : backlog.naiveGaps(),
                        backlog == null ? null : backlog.holdups());
                section.blank().line(loadLine(MachineLoad.othersCores(rateStarted, rateEnded)));
                sections.add(0, section);
            }
            if (config.runs("ledger")) {
                long from = System.nanoTime();
                sections.add(withLoad(LedgerLoad.section(new LedgerLoad(config.workDir(), config.ledgerEntries()).run()), from));
            }
            if (config.runs("startup")) {
                long from = System.nanoTime();
                sections.add(withLoad(Startup.section(new Startup(env, config.jar(), config.workDir(), config.startups()).run()), from));
            }
            Background.awaitAll();
        }
        othersDuringRun = MachineLoad.othersCores(started, System.nanoTime());
        double minutes = (System.nanoTime() - started) / 6e10;
        sections.add(0, header(config, minutes));
        Report.write(config.output(), sections);

        boolean failed = false;
        System.out.println();
        for (Section section : sections) {
            for (Section.Check check : section.checks) {
                String verdict = check.met() ? "met" : (check.hard() ? "FAILED" : "not met");
                failed |= check.hard() && !check.met();
                System.out.printf(Locale.ROOT, "%-8s %s: %s (goal %s)%n", verdict, check.figure(), check.value(), check.goal());
            }
        }
        System.out.printf(Locale.ROOT, "%nDone in %.1f min; results in %s%n", minutes, config.output());
        System.exit(failed ? 1 : 0);
    }

    private static double othersDuringRun = Double.NaN;

    private static Section withLoad(Section section, long fromNanos) {
        return section.blank().line(loadLine(MachineLoad.othersCores(fromNanos, System.nanoTime())));
    }

    private static String loadLine(double others) {
        return Double.isNaN(others) ? "_Other processes' CPU during this measurement: unknown._"
                : String.format(Locale.ROOT, "_Other processes on the machine used %.2f of its %d cores on average during "
                + "this measurement%s._", others, Runtime.getRuntime().availableProcessors(),
                others > 0.25 ? " — the figures above were measured on a shared, partly busy machine" : "");
    }

    private static Section header(BenchConfig config, double minutes) {
        Section header = new Section("header", null);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        header.line("Latest run: %s, **%s mode** (%s), %.1f min.", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                config.mode(), config.only().size() == BenchConfig.ALL.size() ? "all" : "only " + config.only(), minutes);
        header.line("Machine: %d × %s, %.0f GiB memory, %s %s; %s %s.", Runtime.getRuntime().availableProcessors(), cpuModel(),
                os.getTotalMemorySize() / 1073741824.0, System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
        header.line("Command: `mvn -q -Pbench -Dbench.mode=%s` (packages the jar, then runs "
                + "[`Benchmarks`](src/benchmark/java/io/github/cryptocloudwithdrawals/benchmark/Benchmarks.java)). "
                + "Kafka (one KRaft broker) and the CryptoCloud stub run in the benchmark JVM, everything on 127.0.0.1; "
                + "the service runs in that JVM (rate, invalid, replay, latency) or as the real jar in its own (invalid, backlog, start-up).",
                config.mode());
        header.line("Other processes on the machine used %.2f cores on average during the run (each section says how much "
                + "during its own measurement).", othersDuringRun);
        header.line("%s", gcPauses());
        header.line("Sizes: rate %d commands per configuration, invalid %,d, replay %,d, latency %d, backlog %,d for %d min, ledger %,d, "
                        + "start-ups %d. Quick mode is CI-sized; full mode uses the issue's sizes.",
                config.rateCommands(), config.invalidCommands(), config.replayCommands(), config.latencyCommands(), config.backlogCommands(),
                config.backlogMinutes(), config.ledgerEntries(), config.startups());
        return header;
    }

    /** The benchmark JVM's own GC pauses (-Xlog:gc): they stop the broker, the stub and the in-process service alike. */
    private static String gcPauses() {
        String file = System.getProperty("bench.gcLog", "");
        try {
            List<Double> pauses = new ArrayList<>();
            java.util.regex.Pattern pause = java.util.regex.Pattern.compile("Pause.* ([0-9.]+)ms$");
            for (String line : Files.readAllLines(Path.of(file))) {
                java.util.regex.Matcher matcher = pause.matcher(line);
                if (matcher.find()) {
                    pauses.add(Double.parseDouble(matcher.group(1)));
                }
            }
            return String.format(Locale.ROOT, "GC pauses of the benchmark JVM (broker, stub and in-process service share it): "
                    + "%d, p50 %.1f ms, longest %.1f ms, %d over 50 ms (`target/bench-gc.log`).", pauses.size(),
                    Stats.percentile(pauses, 50), Stats.max(pauses), pauses.stream().filter(p -> p > 50).count());
        } catch (Exception e) {
            return "GC pauses of the benchmark JVM: not logged.";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(System.getProperty("os.arch"));
        } catch (Exception e) {
            return System.getProperty("os.arch");
        }
    }
}
