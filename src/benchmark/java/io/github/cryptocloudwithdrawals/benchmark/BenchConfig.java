package io.github.cryptocloudwithdrawals.benchmark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one benchmark run does, from system properties (the {@code bench} Maven profile passes
 * them): {@code bench.mode} = quick (CI-sized, under 10 minutes) or full, and the sizes each mode
 * implies, each of which can be overridden through {@code bench.sizes}, e.g.
 * {@code -Dbench.sizes=rate.commands=20,backlog.minutes=3} (keys: rate.commands, invalid.commands, replay.commands,
 * latency.commands, backlog.commands, backlog.minutes, ledger.entries, startups).
 */
record BenchConfig(
        String mode,
        Path output,
        Path workDir,
        Path jar,
        Set<String> only,
        int rateCommands,
        int invalidCommands,
        int replayCommands,
        int latencyCommands,
        int backlogCommands,
        int backlogMinutes,
        int ledgerEntries,
        int startups) {

    static final Set<String> ALL = Set.of("rate", "invalid", "replay", "latency", "backlog", "ledger", "startup");

    static BenchConfig fromSystemProperties() {
        String mode = System.getProperty("bench.mode", "quick").strip().toLowerCase(Locale.ROOT);
        boolean full;
        if (mode.equals("quick")) {
            full = false;
        } else if (mode.equals("full")) {
            full = true;
        } else {
            throw new IllegalArgumentException("bench.mode must be quick or full, was '" + mode + "'");
        }
        String onlyText = System.getProperty("bench.only", "").strip();
        Set<String> only = onlyText.isEmpty() ? ALL
                : Arrays.stream(onlyText.split(",")).map(String::strip).collect(Collectors.toUnmodifiableSet());
        if (!ALL.containsAll(only)) {
            throw new IllegalArgumentException("bench.only takes a comma-separated subset of " + ALL + ", was " + onlyText);
        }
        return new BenchConfig(
                mode,
                Path.of(System.getProperty("bench.output", "BENCHMARKS.md")).toAbsolutePath(),
                Path.of(System.getProperty("bench.workDir", "target/bench")).toAbsolutePath(),
                Path.of(System.getProperty("bench.jar", "target/cryptocloud-withdrawals.jar")).toAbsolutePath(),
                only,
                size("bench.rate.commands", full ? 200 : 50),
                size("bench.invalid.commands", full ? 100_000 : 20_000),
                size("bench.replay.commands", full ? 20_000 : 5_000),
                size("bench.latency.commands", 200),
                size("bench.backlog.commands", 100_000),
                size("bench.backlog.minutes", full ? 10 : 1),
                size("bench.ledger.entries", 1_000_000),
                size("bench.startups", full ? 5 : 3));
    }

    boolean runs(String benchmark) {
        return only.contains(benchmark);
    }

    private static int size(String property, int defaultValue) {
        String key = property.substring("bench.".length());
        String text = "";
        for (String pair : System.getProperty("bench.sizes", "").split(",")) {
            String[] keyValue = pair.split("=", 2);
            if (keyValue.length == 2 && keyValue[0].strip().equals(key)) {
                text = keyValue[1].strip();
            }
        }
        if (text.isEmpty()) {
            return defaultValue;
        }
        int value = Integer.parseInt(text.replace("_", ""));
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, was " + value);
        }
        return value;
    }
}
