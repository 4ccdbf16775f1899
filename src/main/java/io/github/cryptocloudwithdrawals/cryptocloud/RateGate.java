package io.github.cryptocloudwithdrawals.cryptocloud;

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
