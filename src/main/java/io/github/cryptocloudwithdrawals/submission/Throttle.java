package io.github.cryptocloudwithdrawals.submission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one wait before an account's call: no call starts less than the minimum interval plus a
 * margin after the account's previous one, on a monotonic clock, and none sooner than the fault
 * backoff after calls that were not executed. The previous call may be another process's (before
 * a restart, or the instance that held the account before a takeover): the ledger has its start
 * and answer, and the wait counts from the later of the two.
 *
 * <p>The interval counts from a call's real start, marked right before it is sent (after its
 * in_flight record is written), so the time the write takes only lengthens a gap, never shortens
 * one. A stop ends the wait at once ({@link StopSignal}).
 */
public final class Throttle {

    private final long minGapNanos;
    private final FaultBackoff backoff;
    private final StopSignal stop;
    private final Clock clock;
    private final Supplier<Optional<Instant>> othersLastCall;
    private long lastStartNanos;
    private boolean anyCallStarted;
    private boolean warm;

    /**
     * @param minIntervalMillis CRYPTOCLOUD_MIN_INTERVAL_MS, read once, here
     * @param othersLastCall    the latest moment another process's call for the account may have
     *                          reached the API, as the ledger recorded it
     */
    public Throttle(long minIntervalMillis, long marginMillis, FaultBackoff backoff, StopSignal stop, Clock clock,
                    Supplier<Optional<Instant>> othersLastCall) {
        this.minGapNanos = TimeUnit.MILLISECONDS.toNanos(minIntervalMillis + marginMillis);
        this.backoff = backoff;
        this.stop = stop;
        this.clock = clock;
        this.othersLastCall = othersLastCall;
    }

    /**
     * Waits for the account's next turn, and at least the backoff after this many calls in a row
     * that were not executed.
     *
     * @return the nanoseconds waited; -1 when the service began to stop (no call may start)
     */
    public long awaitTurn(int notExecutedInARow) {
        long arrived = System.nanoTime();
        othersLastCall.get().ifPresent(this::observe);
        long waitNanos = Math.max(nanosUntilTurn(), TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis(notExecutedInARow)));
        return stop.waitFor(waitNanos) ? System.nanoTime() - arrived : -1;
    }

    /** A call starts now: the next one waits the interval from here. */
    public synchronized void started() {
        lastStartNanos = System.nanoTime();
        anyCallStarted = true;
    }

    /**
     * A call has its answer (or failed). A process's first request runs through cold code (class
     * loading, a first connection) and can leave 100 ms or more after its start; its answer time is
     * a bound on when it reached the API, so the next call is spaced from that. Later requests
     * leave within milliseconds, which the margin covers.
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

    /** How long a call that wanted to start now would have to wait for its turn. */
    public synchronized long nanosUntilTurn() {
        return anyCallStarted ? Math.max(0, lastStartNanos + minGapNanos - System.nanoTime()) : 0;
    }

    /** How long the next call would wait after this many calls in a row that were not executed. */
    public long millisUntilNextCall(int notExecutedInARow) {
        return Math.max(TimeUnit.NANOSECONDS.toMillis(nanosUntilTurn()), backoff.delayMillis(notExecutedInARow));
    }

    /**
     * Takes into account a call started elsewhere. Wall clocks are all that two processes share,
     * so this is as exact as they are.
     */
    private synchronized void observe(Instant otherCallAt) {
        long startedNanos = System.nanoTime() - Duration.between(otherCallAt, clock.instant()).toNanos();
        if (!anyCallStarted || startedNanos - lastStartNanos > 0) {
            lastStartNanos = startedNanos;
            anyCallStarted = true;
        }
    }
}
