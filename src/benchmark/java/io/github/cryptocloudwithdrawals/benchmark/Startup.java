package io.github.cryptocloudwithdrawals.benchmark;

import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * #6 Start-up: {@code java -jar target/cryptocloud-withdrawals.jar} against the benchmark's broker
 * and sandbox, from process start to the first 200 of /observe/health/ready; then SIGTERM to exit.
 * The first start creates the internal topics; the others restart on the same topics and group.
 */
final class Startup {

    private static final Pattern CAMEL_STARTED = Pattern.compile("started in ([0-9hms.]+)");

    record Start(boolean first, double readyMillis, String camelReported, double stopMillis) {
    }

    record Result(long jarBytes, List<Start> starts) {
    }

    private final BenchEnvironment env;
    private final Path jar;
    private final Path workDir;
    private final int starts;

    Startup(BenchEnvironment env, Path jar, Path workDir, int starts) {
        this.env = env;
        this.jar = jar;
        this.workDir = workDir;
        this.starts = starts;
    }

    Result run() throws Exception {
        ServiceTopics topics = ServiceTopics.named(env, "startup");
        List<Start> results = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            Path log = workDir.resolve("startup-" + (i + 1) + ".log");
            Files.deleteIfExists(log);
            ServiceProcess service = env.launchJar(jar, workDir, "startup-" + (i + 1), topics);
            double ready = Stats.millis(service.awaitReady(java.time.Duration.ofSeconds(120)));
            double stop = Stats.millis(service.stop());
            String camel = Files.readAllLines(log).stream().map(CAMEL_STARTED::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).findFirst().orElse("?");
            results.add(new Start(i == 0, ready, camel, stop));
            Progress.say("startup %d: ready after %.0f ms (Camel: started in %s), stopped in %.0f ms", i + 1, ready, camel, stop);
        }
        return new Result(Files.size(jar), results);
    }

    static Section section(Result r) {
        Section section = new Section("startup", "Start-up");
        double[] restarts = r.starts().stream().filter(s -> !s.first()).mapToDouble(Start::readyMillis).toArray();
        double[] all = r.starts().stream().mapToDouble(Start::readyMillis).toArray();
        double median = Stats.median(restarts.length > 0 ? restarts : all);
        section.check("process start → ready (median of restarts)", String.format(Locale.ROOT, "%.2f s", median / 1000),
                "(no goal set)", true);
        section.check("jar size", String.format(Locale.ROOT, "%.1f MiB (%,d bytes)", r.jarBytes() / 1048576.0, r.jarBytes()),
                "(no goal set)", true);
        section.line("`java -jar target/cryptocloud-withdrawals.jar` (no JVM flags), configured by environment variables, "
                + "against the benchmark's broker and sandbox on 127.0.0.1. Ready = the first 200 from "
                + "`/observe/health/ready`, polled every 10 ms from the moment the process was started. Start 1 creates the "
                + "internal topics; the others restart on the same topics and group (empty ledger). Stop = SIGTERM to exit.");
        section.blank().line("| start | to ready | Camel reports \"started in\" | SIGTERM to exit |");
        section.line("|---|---|---|---|");
        int n = 1;
        for (Start s : r.starts()) {
            section.line(String.format(Locale.ROOT, "| %d%s | %.2f s | %s | %.2f s |", n++, s.first() ? " (creates topics)" : "",
                    s.readyMillis() / 1000, s.camelReported(), s.stopMillis() / 1000));
        }
        section.blank().line("What limits it: JVM start and class loading of a %.0f MiB shaded jar (Camel, Kafka clients, "
                + "Jackson, Vert.x for the management port, Micrometer), then Kafka: topic check, ledger load (add the ledger "
                + "figure above for a large ledger), consumer group joins. A stop waits for Camel's graceful shutdown of both "
                + "Kafka consumers.", r.jarBytes() / 1048576.0);
        return section;
    }
}
