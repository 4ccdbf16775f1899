package io.github.cryptocloudwithdrawals.benchmark;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import io.github.cryptocloudwithdrawals.testsupport.InJvmService;
import io.github.cryptocloudwithdrawals.testsupport.OpenTelemetryAgent;
import io.github.cryptocloudwithdrawals.testsupport.OtlpReceiver;
import io.github.cryptocloudwithdrawals.testsupport.Samples;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * #2 Invalid-command throughput: one backlog of invalid commands, read by four consumer groups in
 * turn: the service's intake in this JVM, the packaged service in its own process, and two plain
 * Camel Kafka-to-Kafka routes without logic, one record at a time. Each writes to its own output topic stamped with LogAppendTime, so the rate is taken
 * from the broker's clock: (records after the first 10 %) / (time between their appends).
 */
final class InvalidThroughput {

    /**
     * One pipeline's figures, one value per round; the best round counts (noise only slows a pipeline down).
     * {@code serviceCpuMicros}: an own process's CPU time per command of the backlog (its warm-up and start left
     * out); {@code peakResidentMib}: an own process's peak resident memory; 0 for the others.
     */
    record Run(String name, List<Double> perSecond, List<Double> wholeSeconds, List<Double> cpuMsPerThousand,
               List<Double> serviceCpuMicros, List<Double> spansReceived, List<Double> peakResidentMib) {

        double best() {
            return Stats.max(perSecond);
        }
    }

    private enum Pipeline {
        SERVICE("the service in the benchmark JVM (intake route: batches of up to 500, validate, one producer call, commit)"),
        SERVICE_PROCESS("the service in its own process (the packaged jar, `java -jar`, JVM options below the table), running when the backlog "
                + "comes: its JVM has answered 20,000 commands before it"),
        SERVICE_PROCESS_TRACED("the same, with the OpenTelemetry Java agent attached as the Kubernetes component attaches it "
                + "(docs/operations.md, Traces), exporting one span per command to an OTLP receiver in the benchmark JVM"),
        MANUAL("plain Camel route, one record at a time, manual commit after each produce (the intake's shape before batching)"),
        DEFAULTS("plain Camel route, default settings (auto-commit), but sending at once as the service does (linger 0 ms)");

        final String title;

        Pipeline(String title) {
            this.title = title;
        }
    }

    static final int ROUNDS = 2;
    /**
     * What the own process answers before the measured backlog, as a service that is running when a
     * flood comes has: a fresh JVM spends the first seconds of a flood compiling the intake.
     */
    private static final int PROCESS_WARMUP = 20_000;
    private static final String[] KINDS = {"malformed JSON", "negative amount", "TRON address with a typo (Base58Check)",
        "unknown currency code"};

    static final double SHARE_GOAL = 0.9;
    static final double RATE_GOAL = 20_000;

    private final BenchEnvironment env;
    private final int commands;
    private final java.nio.file.Path jar;
    private final java.nio.file.Path workDir;

    InvalidThroughput(BenchEnvironment env, int commands, java.nio.file.Path jar, java.nio.file.Path workDir) {
        this.env = env;
        this.commands = commands;
        this.jar = jar;
        this.workDir = workDir;
    }

    List<Run> run() throws Exception {
        String input = env.name("invalid-in");
        env.createTopic(input, 1, false);
        Progress.say("invalid: publishing %,d invalid commands", commands);
        env.publishAll(input, commands, InvalidThroughput::invalidCommand);
        String warmup = env.name("invalid-warmup");
        env.createTopic(warmup, 1, false);
        int warmupCommands = Math.min(2_000, commands);
        env.publishAll(warmup, warmupCommands, InvalidThroughput::invalidCommand);

        // a warm-up pass through all three, so none is measured with a cold JIT
        Progress.say("invalid: warm-up, %,d commands through each pipeline", warmupCommands);
        for (Pipeline pipeline : Pipeline.values()) {
            if (!pipeline.name().startsWith("SERVICE_PROCESS")) { // a process's warm-up is its own (PROCESS_WARMUP)
                measure(pipeline, warmup, "warm-" + pipeline.name().toLowerCase(java.util.Locale.ROOT), warmupCommands);
            }
        }
        java.util.Map<Pipeline, List<double[]>> results = new java.util.EnumMap<>(Pipeline.class);
        for (int round = 1; round <= ROUNDS; round++) {
            // alternate the order, so no pipeline always runs first (or last)
            List<Pipeline> order = new java.util.ArrayList<>(List.of(Pipeline.values()));
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (Pipeline pipeline : order) {
                Progress.say("invalid: round %d, %s", round, pipeline.title);
                double[] figures = measure(pipeline, input, pipeline.name().toLowerCase(java.util.Locale.ROOT) + "-" + round, commands);
                results.computeIfAbsent(pipeline, p -> new java.util.ArrayList<>()).add(figures);
                Progress.say("invalid:   %,.0f events/s, %.0f ms CPU per 1,000", figures[0], figures[2]);
            }
        }
        List<Run> runs = new java.util.ArrayList<>();
        for (Pipeline pipeline : Pipeline.values()) {
            List<double[]> figures = results.get(pipeline);
            runs.add(new Run(pipeline.title, figures.stream().map(f -> f[0]).toList(), figures.stream().map(f -> f[1]).toList(),
                    figures.stream().map(f -> f[2]).toList(), figures.stream().map(f -> f[3]).toList(),
                    figures.stream().map(f -> f[4]).toList(), figures.stream().map(f -> f[5]).toList()));
        }
        return runs;
    }

    /**
     * Runs one pipeline over the topic: {events/s steady, whole-run seconds, process CPU ms per 1,000 records,
     * an own process's CPU µs per command of the backlog, spans received, an own process's peak resident memory in
     * MiB}.
     */
    private double[] measure(Pipeline pipeline, String input, String name, int records) throws Exception {
        String output;
        int before = 0;
        double serviceCpu = 0;
        long spans = 0;
        double peakResidentMib = 0;
        boolean ownProcess = pipeline == Pipeline.SERVICE_PROCESS || pipeline == Pipeline.SERVICE_PROCESS_TRACED;
        if (ownProcess) {
            // its own commands topic: the warm-up commands, then the same backlog as the others read
            before = PROCESS_WARMUP;
            String commands = env.name("invalid-proc-" + name);
            env.createTopic(commands, 1, false);
            env.publishAll(commands, before, i -> invalidCommand(records + i));
            env.publishAll(commands, records, InvalidThroughput::invalidCommand);
            input = commands;
        }
        long cpuBefore = processCpuNanos();
        long started = System.currentTimeMillis();
        if (pipeline == Pipeline.SERVICE) {
            ServiceTopics topics = ServiceTopics.named(env, "invalid-" + name).withCommands(input);
            output = topics.failed();
            env.createTopic(output, 1, true);
            InJvmService service = env.startService(topics, java.util.Map.of());
            try {
                awaitRecords(output, records);
            } finally {
                BenchEnvironment.stopInBackground(service, topics.group());
            }
        } else if (ownProcess) {
            ServiceTopics topics = ServiceTopics.named(env, "invalid-" + name).withCommands(input);
            output = topics.failed();
            env.createTopic(output, 1, true);
            try (OtlpReceiver receiver = OtlpReceiver.counting();
                 ServiceProcess service = env.launchJar(jar, workDir, "invalid-" + name, topics,
                         pipeline == Pipeline.SERVICE_PROCESS_TRACED ? OpenTelemetryAgent.environment(receiver.endpoint()) : Map.of())) {
                awaitRecords(output, before);
                long backlogCpu = service.cpuNanos();
                awaitRecords(output, before + records);
                serviceCpu = (service.cpuNanos() - backlogCpu) / 1e3 / records;
                spans = receiver.spanCount();
                peakResidentMib = service.peakResidentMib();
            }
        } else {
            output = env.name("invalid-out-" + name);
            env.createTopic(output, 1, true);
            try (PassThroughRoute route = PassThroughRoute.start(env.bootstrapServers(), input, output,
                    env.name("invalid-group-" + name), pipeline == Pipeline.MANUAL)) {
                awaitRecords(output, records);
            }
        }
        long cpu = processCpuNanos() - cpuBefore;
        long from = before + records / 10;
        long last = before + records - 1;
        long[] appended = env.timestamps(output, from, last);
        double steady = (last - from) / ((appended[1] - appended[0]) / 1000.0);
        return new double[]{steady, (appended[1] - started) / 1000.0, cpu / 1e6 / (records / 1000.0), serviceCpu, spans,
                peakResidentMib};
    }

    private void awaitRecords(String topic, int records) {
        waitFor(records + " records on " + topic).atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> env.endOffset(topic) >= records);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String[] invalidCommand(int i) {
        String id = "invalid-" + i;
        String value = switch (i % 4) {
            case 0 -> "{\"request_id\":\"" + id + "\",\"currency_code\":\"USDT_TRC20\",";
            case 1 -> BenchEnvironment.validCommand(id, "-1.5");
            // the last character of a valid address changed: only the checksum catches it
            case 2 -> "{\"request_id\":\"" + id + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T\",\"amount\":\"1.5\"}";
            default -> "{\"request_id\":\"" + id + "\",\"currency_code\":\"USDT_XYZ\",\"to_address\":\""
                    + Samples.TRON_ADDRESS + "\",\"amount\":\"1.5\"}";
        };
        return new String[]{id, value};
    }

    static Section section(List<Run> runs, int commands) {
        Run service = runs.get(Pipeline.SERVICE.ordinal());
        Run process = runs.get(Pipeline.SERVICE_PROCESS.ordinal());
        Run traced = runs.get(Pipeline.SERVICE_PROCESS_TRACED.ordinal());
        Run defaults = runs.get(Pipeline.DEFAULTS.ordinal());
        double ofDefaults = service.best() / defaults.best();
        Section section = new Section("invalid", "Invalid-command throughput");
        section.check("intake vs plain auto-commit route, same run",
                String.format(Locale.ROOT, "%.0f %% (%,.0f vs %,.0f events/s)", ofDefaults * 100, service.best(), defaults.best()),
                String.format(Locale.ROOT, "≥ %.0f %%", SHARE_GOAL * 100), ofDefaults >= SHARE_GOAL);
        section.check("invalid commands/s end to end, the service in its own process",
                String.format(Locale.ROOT, "%,.0f events/s", process.best()),
                String.format(Locale.ROOT, "≥ %,.0f/s", RATE_GOAL), process.best() >= RATE_GOAL);
        section.line("%,d invalid commands already in the commands topic (one partition), a quarter each: %s. "
                + "Each pipeline reads the same backlog in its own consumer group and writes to its own topic, one at a "
                + "time, after a warm-up pass of each (the own process: %,d commands in its commands topic before the "
                + "backlog, answered by the same JVM first; its rate is taken over the backlog); %d rounds in alternating order, the best round counts. Rate = "
                + "records after the first 10 %% / time between their appends (the output topics use `LogAppendTime`: the "
                + "broker's clock), i.e. from the backlog's publication to each failure event acknowledged by Kafka, "
                + "at the pace the service drains it. Whole run = from the start of the pipeline (the service's start, "
                + "JVM start for the process, its warm-up included) to the last append. CPU = the benchmark JVM's process CPU time during "
                + "the run (broker included; for the own-process row the service's CPU is not in it) per 1,000 "
                + "commands. The plain routes are in [`PassThroughRoute`](src/benchmark/java/io/github/cryptocloudwithdrawals/benchmark/PassThroughRoute.java).",
                commands, String.join(", ", KINDS), PROCESS_WARMUP, ROUNDS);
        section.blank().line("| pipeline | events/s (best) | events/s per round | whole run s | CPU ms per 1,000 | service (this JVM) vs it |");
        section.line("|---|---|---|---|---|---|");
        for (Run run : runs) {
            section.line(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %s |", run.name(), run.best(),
                    join(run.perSecond(), "%,.0f"), join(run.wholeSeconds(), "%.1f"), join(run.cpuMsPerThousand(), "%.0f"),
                    run == service ? "—" : String.format(Locale.ROOT, "%.0f %%", service.best() / run.best() * 100)));
        }
        section.blank().line("The service process's peak resident memory (Linux's VmHWM, read as its last event is "
                + "appended), per round: %s MiB; JVM options: %s.", join(process.peakResidentMib(), "%.0f"),
                BenchEnvironment.jarOptions().isEmpty() ? "none" : "`" + String.join(" ", BenchEnvironment.jarOptions()) + "`");
        section.blank().line("**The OpenTelemetry agent's cost** (the same backlog, the same run, the two own-process rows): "
                + "%,.0f vs %,.0f events/s with and without the agent (%.0f %%, best rounds); the service process's CPU "
                + "per command of the backlog (its start and warm-up left out) %s µs with it vs %s µs without, per round; "
                + "spans the receiver got per round, of %,d commands: %s (the agent's batch exporter drops what its queue "
                + "of 2,048 cannot hold during a flood, its default).", traced.best(), process.best(),
                traced.best() / process.best() * 100, join(traced.serviceCpuMicros(), "%.0f"),
                join(process.serviceCpuMicros(), "%.0f"), PROCESS_WARMUP + commands, join(traced.spansReceived(), "%,.0f"));
        section.blank().line("What limits it: the plain routes handle one record at a time: Camel's Kafka consumer hands a "
                + "record to the route and waits for it, and the producer step waits for Kafka's acknowledgement (acks=all) "
                + "of that one record, so their rate is one over a round trip to the broker (plus, for the manual-commit "
                + "route, a synchronous offset commit: a second round trip). The intake reads batches of up to 500 "
                + "records (Camel's batching consumer), validates each, sends every record of the batch with one "
                + "producer call that waits until Kafka acknowledged all of them, then commits the batch's offsets: "
                + "two round trips per batch instead of per record, and the rest is the service's own work per "
                + "command (read, validate, build the failure event, its log line).");
        return section;
    }

    private static String join(List<Double> values, String format) {
        return values.stream().map(v -> String.format(Locale.ROOT, format, v)).collect(java.util.stream.Collectors.joining(" / "));
    }
}
