package io.github.cryptocloudwithdrawals.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Bounds on a parsed JSON value, checked where it is read so that whatever the service accepts
 * it can also write back. Events echo numbers in plain notation ({@link JsonMapping}), and a
 * number like {@code 1e999999999} has no plain form that can be written (Jackson refuses a scale
 * beyond ±9999) nor one that should be (a billion digits). Nesting is bounded well below Jackson's
 * own 1000 levels because events and ledger records wrap an echoed value two levels deeper.
 */
public final class JsonLimits {

    /**
     * Digits a number may have before, and after, its decimal point when written out in full:
     * beyond any amount (at most 18 + 18 digits) and any identifier. It keeps every echo within
     * 13 times its size as read (the worst is {@code [1e63,1e63,…]}), so an event echoing a
     * 64 KiB command stays below Kafka's default 1 MiB record limit.
     */
    public static final int MAX_DIGITS = 64;
    /** Levels of objects and arrays, the outermost value counted as level 1. */
    public static final int MAX_DEPTH = 100;
    /** How much of a JSON pointer a message shows. */
    private static final int MAX_POINTER_CHARS = 100;

    private JsonLimits() {
    }

    /** Empty when the value is within the limits, else the first problem, naming where it is. */
    public static Optional<String> problem(JsonNode value) {
        return problem(value, 1, null);
    }

    private static Optional<String> problem(JsonNode node, int depth, Path path) {
        if (node.isContainerNode()) {
            if (depth > MAX_DEPTH) {
                return Optional.of("objects and arrays nest more than " + MAX_DEPTH + " levels deep (at "
                        + pointer(path) + ")");
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    Optional<String> problem = problem(field.getValue(), depth + 1, new Path(path, field.getKey()));
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
            } else {
                for (int i = 0; i < node.size(); i++) {
                    Optional<String> problem = problem(node.get(i), depth + 1, new Path(path, Integer.toString(i)));
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
            }
            return Optional.empty();
        }
        if (node.isNumber()) {
            return numberProblem(node.decimalValue()).map(problem -> "the number at " + pointer(path) + " has " + problem);
        }
        return Optional.empty();
    }

    /** Empty when the number has at most {@link #MAX_DIGITS} digits on each side of its point, written out in full. */
    private static Optional<String> numberProblem(BigDecimal number) {
        // trailing zeros after the point do not count; long arithmetic: a scale may be ±2^31
        BigDecimal value = number.scale() > 0 ? number.stripTrailingZeros() : number;
        long before = Math.max(0, (long) value.precision() - value.scale());
        long after = Math.max(0, value.scale());
        if (before > MAX_DIGITS) {
            return Optional.of(before + " digits before the decimal point when written out in full; at most "
                    + MAX_DIGITS + " are accepted");
        }
        if (after > MAX_DIGITS) {
            return Optional.of(after + " digits after the decimal point when written out in full; at most "
                    + MAX_DIGITS + " are accepted");
        }
        return Optional.empty();
    }

    /** The RFC 6901 pointer of a path, cut to a readable length. */
    private static String pointer(Path path) {
        StringBuilder pointer = new StringBuilder();
        for (Path p = path; p != null; p = p.parent()) {
            pointer.insert(0, "/" + p.segment().replace("~", "~0").replace("/", "~1"));
        }
        return pointer.length() <= MAX_POINTER_CHARS ? pointer.toString() : pointer.substring(0, MAX_POINTER_CHARS) + "…";
    }

    /** Where a value sits, built only as deep as the walk goes and rendered only for a message. */
    private record Path(Path parent, String segment) {
    }
}
