package io.github.cryptocloudwithdrawals.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/** Every request the sandbox received, oldest first; bounded so a long-running sandbox cannot fill the heap. */
final class RequestLog {

    private static final int CAPACITY = 10_000;

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();

    synchronized void add(RecordedRequest request) {
        if (requests.size() == CAPACITY) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }

    synchronized void clear() {
        requests.clear();
    }

    /**
     * A copy in arrival order. Requests are added once their body is read, so two concurrent ones
     * can be added out of order; sorting by arrival time undoes that.
     */
    synchronized List<RecordedRequest> snapshot() {
        List<RecordedRequest> copy = new ArrayList<>(requests);
        copy.sort(Comparator.comparingLong(RecordedRequest::arrivalNanos));
        return List.copyOf(copy);
    }

    /** The requests of {@link #snapshot()} sent with exactly this {@code Authorization} value. */
    List<RecordedRequest> snapshot(String authorization) {
        return snapshot().stream().filter(request -> authorization.equals(request.header("Authorization"))).toList();
    }

    /** Milliseconds between consecutive arrivals, truncated (so a gap is never overstated). */
    List<Long> gapsMillis() {
        return gapsBetween(snapshot());
    }

    /** {@link #gapsMillis()} of the requests sent with exactly this {@code Authorization} value. */
    List<Long> gapsMillis(String authorization) {
        return gapsBetween(snapshot(authorization));
    }

    private static List<Long> gapsBetween(List<RecordedRequest> ordered) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < ordered.size(); i++) {
            gaps.add((ordered.get(i).arrivalNanos() - ordered.get(i - 1).arrivalNanos()) / 1_000_000);
        }
        return List.copyOf(gaps);
    }
}
