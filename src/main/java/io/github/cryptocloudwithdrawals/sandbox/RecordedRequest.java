package io.github.cryptocloudwithdrawals.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request as the sandbox received it.
 *
 * @param arrivalNanos {@link System#nanoTime()} at the very start of handling, before the body was
 *                     read: the moment a rate limit on the API's side would measure
 * @param arrivedAt    wall-clock time of arrival, for messages
 * @param headers      as sent; look them up with {@link #header(String)}, which ignores case
 * @param body         decoded as UTF-8
 */
public record RecordedRequest(long arrivalNanos, Instant arrivedAt, String method, String path,
                              Map<String, List<String>> headers, String body) {

    public RecordedRequest {
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /** The first value of the header, whatever the case of {@code name}; null when absent. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }

    /** Leaves out the Authorization value: requests end up in assertion messages and logs. */
    @Override
    public String toString() {
        Map<String, Object> shownHeaders = headers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getKey().equalsIgnoreCase("Authorization") ? "***" : e.getValue()));
        return "RecordedRequest[arrivedAt=" + arrivedAt + ", " + method + " " + path + ", headers=" + shownHeaders
                + ", body=" + body + "]";
    }
}
