package io.github.cryptocloudwithdrawals.benchmark;

import io.github.cryptocloudwithdrawals.ledger.LedgerLoadBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * #5 Ledger: {@link LedgerLoadBenchmark} (a compacted-topic ledger of N final results, loaded by
 * the real {@code Ledger}) in its own JVM with -Xmx256m and its own broker, so the heap it reports
 * is the ledger's alone.
 */
final class LedgerLoad {

    static final String HEAP = "-Xmx256m";
    private static final Pattern FILLED = Pattern.compile("filled (\\d+) records in (\\d+) ms");
    private static final Pattern LOADED = Pattern.compile(
            "loaded (\\d+) entries in (\\d+) ms; heap held by the ledger (-?\\d+) MiB \\(max heap (\\d+) MiB\\); last entry found: (\\w+)");

    private static final Pattern READ_BACK = Pattern.compile(
            "read back (\\d+) results in recorded order in (\\d+) ms; (\\d+) at random in (\\d+) ms");
    private static final Pattern LEDGER_LINE = Pattern.compile("loaded: (\\d+) requests in (\\d+) ms, (\\d+) MiB in memory");

    /**
     * heapMiB: heap-after-GC difference (the broker shares that JVM); indexMiB: the Ledger's own table size;
     * the read-back figures are final results read after the load, in recorded order and at random.
     */
    record Result(int entries, long fillMillis, long loadMillis, long heapMiB, long maxHeapMiB, boolean found, long indexMiB,
                  int inOrder, long inOrderMillis, int atRandom, long atRandomMillis) {

        double inOrderPerSecond() {
            return inOrder * 1000.0 / Math.max(1, inOrderMillis);
        }

        double atRandomPerSecond() {
            return atRandom * 1000.0 / Math.max(1, atRandomMillis);
        }
    }

    private final Path workDir;
    private final int entries;

    LedgerLoad(Path workDir, int entries) {
        this.workDir = workDir;
        this.entries = entries;
    }

    Result run() throws Exception {
        Path log = workDir.resolve("ledger-load.log");
        Progress.say("ledger: %,d recorded requests, loaded in a JVM with %s; log %s", entries, HEAP, log);
        Path serviceLog = workDir.resolve("ledger-load-kafka.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP, "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=bench-log4j2.xml", "-Dbench.logFile=" + serviceLog,
                LedgerLoadBenchmark.class.getName(), Integer.toString(entries))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the ledger benchmark did not finish in 10 minutes; see " + log);
            }
        } finally {
            process.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        Matcher filled = find(FILLED, lines, log);
        Matcher loaded = find(LOADED, lines, log);
        Matcher readBack = find(READ_BACK, lines, log);
        Matcher ledger = find(LEDGER_LINE, Files.readAllLines(serviceLog), serviceLog);
        return new Result(Integer.parseInt(loaded.group(1)), Long.parseLong(filled.group(2)), Long.parseLong(loaded.group(2)),
                Long.parseLong(loaded.group(3)), Long.parseLong(loaded.group(4)), Boolean.parseBoolean(loaded.group(5)),
                Long.parseLong(ledger.group(3)), Integer.parseInt(readBack.group(1)), Long.parseLong(readBack.group(2)),
                Integer.parseInt(readBack.group(3)), Long.parseLong(readBack.group(4)));
    }

    private static Matcher find(Pattern pattern, List<String> lines, Path log) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new IllegalStateException("the ledger benchmark printed no line like " + pattern + "; see " + log);
    }

    static Section section(Result r) {
        Section section = new Section("ledger", "Ledger");
        section.check("load time, " + String.format(Locale.ROOT, "%,d", r.entries()) + " recorded requests",
                String.format(Locale.ROOT, "%.1f s", r.loadMillis() / 1000.0), "seconds (under 10 s)",
                r.found() && r.loadMillis() < 10_000);
        section.check("heap held by the ledger's index", r.indexMiB() + " MiB (fits in a " + r.maxHeapMiB() + " MiB heap)",
                "a small heap (≤ 64 MiB)", r.indexMiB() <= 64);
        section.check("final results read back after the load, in recorded order (at random, one fetch each)",
                String.format(Locale.ROOT, "%,.0f/s (%,.0f/s)", r.inOrderPerSecond(), r.atRandomPerSecond()),
                String.format(Locale.ROOT, "≥ %,.0f/s in order (the replay goal)", ReplayThroughput.GOAL),
                r.inOrderPerSecond() >= ReplayThroughput.GOAL);
        section.line("[`LedgerLoadBenchmark`](src/benchmark/java/io/github/cryptocloudwithdrawals/ledger/LedgerLoadBenchmark.java) "
                + "in its own JVM (`%s`) with its own broker: %,d final results written to a compacted ledger topic "
                + "(%.1f s), then loaded by the real `Ledger` (it reads the record headers only, never the JSON values) "
                + "and one request looked up (found: %s). Heap = the size of the index's table as the `Ledger` logs it "
                + "(`LedgerIndex.memoryBytes()`: 32 bytes per slot, a power of two of slots at most half full, so 32–64 "
                + "bytes per request). The heap-after-GC difference before/after the load was %d MiB; it is less exact, "
                + "because the benchmark's broker lives in the same JVM and its own heap use moves in between.",
                HEAP, r.entries(), r.fillMillis() / 1000.0, r.found(), r.heapMiB());
        section.blank().line("Read back: right after the load (no result in memory yet), the final results of the first %,d "
                + "requests in the order they were recorded, as a renamed group re-reading the commands topic asks for them "
                + "(`Ledger.finished`, the intake's answer to a duplicate), then %,d requests picked at random from the "
                + "others. A result not in memory costs one fetch from the ledger topic; that fetch brings the records "
                + "after it too (256 KiB of them, a few hundred results), and the final results among them are kept, so a "
                + "re-read in order needs one fetch per few hundred requests, while requests at random need one each.", r.inOrder(), r.atRandom());
        section.blank().line("What limits it: reading %,d records from Kafka (one partition, one consumer, 16 MiB fetches) and "
                + "a SHA-256 of each request id; the index is a primitive open-addressing table that doubles as it fills, so the "
                + "heap is the table and not the records. "
                + "Start-up (below) pays this load time before the service is ready.", r.entries());
        return section;
    }
}
