package io.github.cryptocloudwithdrawals.sandbox;

/**
 * The API's rule "minimum interval between requests": a call is too soon when it arrives less than
 * the interval after the previous call's arrival, whether that call was served or refused. One
 * per API key, see {@link MinimumIntervalPerKey}.
 */
final class MinimumInterval {

    private final long intervalNanos;
    private long previousArrival;
    private boolean anyArrival;

    MinimumInterval(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    /** Notes the arrival and tells whether it came too soon; 0 ms never refuses. */
    synchronized boolean arrive(long arrivalNanos) {
        // Two concurrent calls can reach this in the opposite order of their timestamps: the
        // distance between them is what counts, and the later timestamp is the one to keep.
        boolean tooSoon = anyArrival && Math.abs(arrivalNanos - previousArrival) < intervalNanos;
        previousArrival = anyArrival ? Math.max(previousArrival, arrivalNanos) : arrivalNanos;
        anyArrival = true;
        return tooSoon;
    }
}
