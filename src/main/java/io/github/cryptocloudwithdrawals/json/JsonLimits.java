package io.github.cryptocloudwithdrawals.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Bounds on a command read as JSON, so that whatever the service reads it can also write back.
 * Events echo numbers in plain notation ({@link JsonMapping}), and a number like
 * {@code 1e999999999} has no plain form that can be written (Jackson refuses a scale beyond ±9999)
 * nor one that should be (a billion digits): a number beyond the limits is read as an
 * {@link OutOfRangeNumber}, which validation refuses in the fields that matter and an echo writes
 * as the text it was written with. Nesting is bounded well below Jackson's own 1000 levels because
 * events and ledger records wrap an echoed value two levels deeper: a record nested deeper is not read.
 */
public final class JsonLimits {

    /**
     * Digits a number may have before, and after, its decimal point when written out in full:
     * beyond any amount (at most 18 + 18 digits) and any identifier. It keeps every echo within
     * 13 times its size as read (the worst is {@code [1e63,1e63,…]}), so an event echoing a
     * 64 KiB command stays below Kafka's default 1 MiB record limit.
     */
    public static final int MAX_DIGITS = 64;
    /**
     * Characters a number may be written with (Jackson's own limit, which the service's other
     * readers keep): a longer one is never converted, so a 64 KiB number costs no more than its scan.
     */
    public static final int MAX_NUMBER_CHARS = 1000;
    /** Levels of objects and arrays, the outermost value counted as level 1. */
    public static final int MAX_DEPTH = 100;
    /** How much of a JSON pointer a message shows. */
    private static final int MAX_POINTER_CHARS = 100;

    private JsonLimits() {
    }

    /** A count of digits, exact up to 10^18 (an exponent of more than 18 digits is not followed further). */
    public static String count(long digits) {
        return digits > 1_000_000_000_000_000_000L ? "more than 10^18" : Long.toString(digits);
    }

    /** Empty when the value nests at most {@link #MAX_DEPTH} levels, else where it nests deeper. */
    public static Optional<String> nestingProblem(JsonNode value) {
        return first(value, 1, null, (node, depth, path) -> node.isContainerNode() && depth > MAX_DEPTH
                ? Optional.of("objects and arrays nest more than " + MAX_DEPTH + " levels deep (at " + pointer(path) + ")")
                : Optional.empty());
    }

    /**
     * Empty when every number in the value is within the limits, else the first one beyond them,
     * e.g. {@code the number at /metadata/x has 401 digits before the decimal point ...}.
     *
     * @param name the value's field, where the pointers start
     */
    public static Optional<String> numberProblem(JsonNode value, String name) {
        return first(value, 1, new Path(null, name), (node, depth, path) -> node instanceof OutOfRangeNumber number
                ? Optional.of("the number at " + pointer(path) + " " + number.problem())
                : Optional.empty());
    }

    /** What one node of a walk is checked for. */
    @FunctionalInterface
    private interface Check {
        Optional<String> problem(JsonNode node, int depth, Path path);
    }

    /** The first problem the check finds, depth first, the node before its children. */
    private static Optional<String> first(JsonNode node, int depth, Path path, Check check) {
        Optional<String> problem = check.problem(node, depth, path);
        if (problem.isPresent() || !node.isContainerNode()) {
            return problem;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                problem = first(field.getValue(), depth + 1, new Path(path, field.getKey()), check);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        } else {
            for (int i = 0; i < node.size(); i++) {
                problem = first(node.get(i), depth + 1, new Path(path, Integer.toString(i)), check);
                if (problem.isPresent()) {
                    return problem;
                }
            }
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
