package io.github.cryptocloudwithdrawals.submission;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The throttle against the real monotonic clock. What a busy machine can stretch (a thread
 * descheduled for a while) is measured within each test and allowed for; no test depends on how
 * fast it runs.
 */
@Timeout(10)
class ThrottleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final FaultBackoff NO_BACKOFF = new FaultBackoff(1, 1);
    /**
     * The ledger's last call is a wall-clock instant, which the throttle places on the monotonic
     * clock: over a test's milliseconds the two clocks can disagree by microseconds (resolution,
     * NTP's slewing; 0.95 µs seen), so a bound that mixes them allows for it.
     */
    private static final long WALL_CLOCK_SLACK = TimeUnit.MILLISECONDS.toNanos(1);

    private final StopSignal stop = new StopSignal();
    /** The previous call another process recorded in the ledger, if any. */
    private final AtomicReference<Instant> othersLastCall = new AtomicReference<>();

    private Throttle throttle(long intervalMillis, long marginMillis, FaultBackoff backoff) {
        return new Throttle(intervalMillis, marginMillis, backoff, stop, Clock.systemUTC(),
                () -> Optional.ofNullable(othersLastCall.get()));
    }

    /** A call as the submission stage makes it: its turn, then its start. */
    private static long call(Throttle throttle) {
        long waited = throttle.awaitTurn(0);
        throttle.started();
        return waited;
    }

    @Test
    void theFirstCallPassesAtOnceAndLaterOnesKeepTheIntervalPlusMargin() {
        // with a 60 s interval a first call that waited would outlast the test's time limit
        assertThat(call(throttle(60_000, 0, NO_BACKOFF))).as("nanos the first call waited").isLessThan(30 * SECOND);

        Throttle throttle = throttle(40, 5, NO_BACKOFF);
        call(throttle);
        long start = System.nanoTime();
        long[] starts = new long[5];
        for (int i = 0; i < starts.length; i++) {
            call(throttle);
            starts[i] = System.nanoTime();
        }
        long previous = start;
        for (long s : starts) {
            // the throttle marks a start just before returning, so measured gaps can only be longer
            assertThat(s - previous).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45) - TimeUnit.MILLISECONDS.toNanos(1));
            previous = s;
        }
    }

    @Test
    void doesNotWaitWhenTheIntervalHasAlreadyPassed() {
        othersLastCall.set(Instant.now().minusSeconds(20)); // the previous call, twice the interval ago
        Throttle throttle = throttle(10_000, 0, NO_BACKOFF);

        assertThat(call(throttle)).as("nanos waited, against the 10 s interval").isLessThan(5 * SECOND);
    }

    @Test
    void saysHowLongTheNextCallWouldWaitWithoutWaiting() {
        Throttle throttle = throttle(10_000, 0, NO_BACKOFF);
        assertThat(throttle.nanosUntilTurn()).isZero();
        long before = System.nanoTime();
        call(throttle);
        long untilTurn = throttle.nanosUntilTurn();
        long elapsed = System.nanoTime() - before;

        assertThat(untilTurn).isLessThanOrEqualTo(10 * SECOND).isGreaterThanOrEqualTo(10 * SECOND - elapsed);
    }

    /** The ledger's last call (before a restart, or the previous owner's before a takeover) is waited for. */
    @Test
    void aCallRecordedBeforeARestartDelaysTheFirstCallAfterIt() {
        Throttle throttle = throttle(10_000, 0, NO_BACKOFF);
        long before = System.nanoTime();
        othersLastCall.set(Instant.now().minusSeconds(4));
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> throttle.awaitTurn(0));
        awaitUntil(() -> throttle.nanosUntilTurn() > 0);
        long untilTurn = throttle.nanosUntilTurn();
        assertThat(untilTurn).isLessThanOrEqualTo(6 * SECOND + WALL_CLOCK_SLACK)
                .isGreaterThanOrEqualTo(6 * SECOND - (System.nanoTime() - before) - WALL_CLOCK_SLACK);

        othersLastCall.set(Instant.now().minusSeconds(30)); // an older call changes nothing
        stop.stop();
        assertThat(waiting.join()).as("the wait a stop ended").isEqualTo(-1);
        assertThat(throttle.awaitTurn(0)).as("no wait while stopping").isEqualTo(-1);
        long later = throttle.nanosUntilTurn();
        assertThat(later).isLessThanOrEqualTo(untilTurn)
                .isGreaterThanOrEqualTo(6 * SECOND - (System.nanoTime() - before) - WALL_CLOCK_SLACK);
    }

    /**
     * After the first call's answer, 300 ms after its start, the next call is spaced from the
     * answer: its turn is the whole interval after the answer, less only the time the test itself
     * took since (spacing from the start would leave 300 ms less).
     */
    @Test
    void theFirstCallOfAProcessIsSpacedFromItsAnswerLaterOnesFromTheirStart() throws InterruptedException {
        Throttle throttle = throttle(1_000, 0, NO_BACKOFF);
        call(throttle);
        TimeUnit.MILLISECONDS.sleep(300); // a cold first call: its answer comes late
        long answered = System.nanoTime();
        throttle.answered();
        long untilTurn = throttle.nanosUntilTurn();
        long sinceAnswer = System.nanoTime() - answered;
        assertThat(untilTurn).as("spaced from the answer").isGreaterThanOrEqualTo(SECOND - sinceAnswer);

        call(throttle);
        TimeUnit.MILLISECONDS.sleep(300);
        throttle.answered();
        assertThat(throttle.nanosUntilTurn()).as("spaced from the start").isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(700));
    }

    /** After calls that were not executed, the next waits for the backoff too, whichever ends later. */
    @Test
    void aCommandHeldAfterCallsThatWereNotExecutedWaitsForTheBackoff() {
        Throttle throttle = throttle(10, 0, new FaultBackoff(200, 1000));
        call(throttle);

        assertThat(throttle.millisUntilNextCall(2)).isEqualTo(400);
        assertThat(throttle.awaitTurn(2)).as("nanos waited").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(throttle.awaitTurn(0)).as("the interval alone").isLessThan(TimeUnit.MILLISECONDS.toNanos(400));
    }

    /** A stop ends a wait at once, whatever is left of it: the command starts no call. */
    @Test
    void aStopEndsTheWaitAtOnce() {
        Throttle throttle = throttle(60_000, 0, NO_BACKOFF);
        call(throttle);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> throttle.awaitTurn(0));

        long stoppedAt = System.nanoTime();
        stop.stop();

        assertThat(waiting.join()).isEqualTo(-1);
        assertThat(System.nanoTime() - stoppedAt).as("nanos from the stop to the wait's end").isLessThan(5 * SECOND);
    }

    @Test
    void backoffDoublesUpToItsCap() {
        FaultBackoff backoff = new FaultBackoff(100, 1000);
        assertThat(backoff.delayMillis(0)).isZero();
        assertThat(backoff.delayMillis(1)).isEqualTo(100);
        assertThat(backoff.delayMillis(2)).isEqualTo(200);
        assertThat(backoff.delayMillis(4)).isEqualTo(800);
        assertThat(backoff.delayMillis(5)).isEqualTo(1000);
        assertThat(backoff.delayMillis(500)).isEqualTo(1000);
    }

    private static void awaitUntil(BooleanSupplier condition) {
        waitFor("the throttle to take the ledger's last call").atMost(Duration.ofSeconds(5)).until(condition::getAsBoolean);
    }
}
