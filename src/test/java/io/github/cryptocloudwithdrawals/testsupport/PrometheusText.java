package io.github.cryptocloudwithdrawals.testsupport;

import java.util.List;

/** Reads values out of a Prometheus text scrape ({@code /observe/metrics}). */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** How much a metric grew between two scrapes, summed over its series that carry every one of these labels. */
    public static double increase(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    /** A metric's value, summed over its series that carry every one of these labels ({@code name="value"}). */
    public static double value(String metrics, String name, String... labels) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> List.of(labels).stream().allMatch(label -> labelsOf(line).contains(label)))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static List<String> labelsOf(String line) {
        int open = line.indexOf('{');
        return open < 0 ? List.of() : List.of(line.substring(open + 1, line.indexOf('}')).split(","));
    }
}
