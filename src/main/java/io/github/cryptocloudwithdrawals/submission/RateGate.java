package io.github.cryptocloudwithdrawals.submission;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The hard guarantee behind the Throttle EIP: no call starts less than the minimum interval
 * (plus a small margin) after the previous one. The throttle paces the backlog, but its timer can
 * release a few milliseconds early and the API measures on its own side, so the last few
 * milliseconds are enforced here, against a monotonic clock.
 */
public final class RateGate {

    private final long minGapNanos;
    private long lastStartNanos;
    private boolean anyCallStarted;
    private boolean warm;

    public RateGate(long minIntervalMillis, long marginMillis) {
        this.minGapNanos = TimeUnit.MILLISECONDS.toNanos(minIntervalMillis + marginMillis);
    }

    /**
     * Takes into account a call started elsewhere: before a restart, or by another instance.
     * Wall clocks are all that two processes share, so this is as exact as they are.
     */
    public synchronized void observe(Instant otherCallStartedAt, Instant now) {
        long startedNanos = System.nanoTime() - Duration.between(otherCallStartedAt, now).toNanos();
        if (!anyCallStarted || startedNanos - lastStartNanos > 0) {
            lastStartNanos = startedNanos;
            anyCallStarted = true;
        }
    }

    /**
     * Called when a call has its answer (or failed). A process's first request runs through cold
     * code (class loading, a first connection) and can leave 100 ms or more after the gate; its
     * answer time is a bound on when it reached the API, so the next call is spaced from that.
     * Later requests leave within milliseconds of the gate, which the margin covers.
     */
    public synchronized void answered() {
        if (!warm) {
            long now = System.nanoTime();
            if (now - lastStartNanos > 0) {
                lastStartNanos = now;
            }
            warm = true;
        }
    }

    /** How long a call that wanted to start now would have to wait. */
    public synchronized long nanosUntilTurn() {
        return anyCallStarted ? Math.max(0, lastStartNanos + minGapNanos - System.nanoTime()) : 0;
    }

    /** Waits until a call may start, records that it starts now, and returns the nanos waited. */
    public synchronized long awaitTurn() {
        long arrived = System.nanoTime();
        if (anyCallStarted) {
            long earliest = lastStartNanos + minGapNanos;
            for (long wait = earliest - System.nanoTime(); wait > 0; wait = earliest - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
        }
        lastStartNanos = System.nanoTime();
        anyCallStarted = true;
        return lastStartNanos - arrived;
    }
}
