package io.github.cryptocloudwithdrawals.benchmark;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pacing of calls as the API sees it: the gaps between the arrivals of consecutive calls at the
 * stub ({@link RecordedRequest#arrivalNanos()}, taken before the request body is read).
 *
 * @param utilisation    (N-1) x interval / (last arrival - first arrival): 1.0 is the API's limit
 * @param belowInterval  gaps shorter than the interval: calls the real API would refuse
 */
record Gaps(int calls, long intervalMillis, double spanMillis, double utilisation,
            double minMillis, double meanMillis, double maxMillis, int belowInterval) {

    static Gaps of(List<RecordedRequest> calls, long intervalMillis) {
        if (calls.size() < 2) {
            throw new IllegalStateException("need at least 2 calls to measure gaps, got " + calls.size());
        }
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            gaps.add(Stats.millis(calls.get(i).arrivalNanos() - calls.get(i - 1).arrivalNanos()));
        }
        double span = Stats.millis(calls.get(calls.size() - 1).arrivalNanos() - calls.get(0).arrivalNanos());
        int below = (int) gaps.stream().filter(g -> g < intervalMillis).count();
        return new Gaps(calls.size(), intervalMillis, span, (calls.size() - 1) * (double) intervalMillis / span,
                Stats.min(gaps), Stats.mean(gaps), Stats.max(gaps), below);
    }

    /** Writes every gap, one per line in ms, for a closer look. */
    static void dump(List<RecordedRequest> calls, java.nio.file.Path file) {
        StringBuilder text = new StringBuilder("# gap ms between consecutive call arrivals at the stub\n");
        for (int i = 1; i < calls.size(); i++) {
            text.append(String.format(Locale.ROOT, "%.3f%n", Stats.millis(calls.get(i).arrivalNanos() - calls.get(i - 1).arrivalNanos())));
        }
        try {
            java.nio.file.Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The same span held to another pace, e.g. interval + margin. */
    double utilisationOf(long paceMillis) {
        return (calls - 1) * (double) paceMillis / spanMillis;
    }

    String row(String who) {
        return String.format(Locale.ROOT, "| %s | %d | %.4f | %.3f | %.3f | %.3f | %d |",
                who, calls, utilisation, minMillis, meanMillis, maxMillis, belowInterval);
    }

    static String header() {
        return "| caller | calls | utilisation | min gap ms | mean gap ms | max gap ms | gaps < interval |\n"
                + "|---|---|---|---|---|---|---|";
    }
}
