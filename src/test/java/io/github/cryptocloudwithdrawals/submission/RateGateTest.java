package io.github.cryptocloudwithdrawals.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gate against the real monotonic clock. What a busy machine can stretch (a thread descheduled
 * for a while) is measured within each test and allowed for; no test depends on how fast it runs.
 */
@Timeout(10)
class RateGateTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theFirstCallPassesAtOnceAndLaterOnesKeepTheIntervalPlusMargin() {
        // with a 60 s interval a first call that waited would outlast the test's time limit
        assertThat(new RateGate(60_000, 0).awaitTurn()).as("nanos the first call waited").isLessThan(30 * SECOND);

        RateGate gate = new RateGate(40, 5);
        gate.awaitTurn();
        long start = System.nanoTime();
        long[] starts = new long[5];
        for (int i = 0; i < starts.length; i++) {
            gate.awaitTurn();
            starts[i] = System.nanoTime();
        }
        long previous = start;
        for (long s : starts) {
            // the gate records its start just before returning, so measured gaps can only be longer
            assertThat(s - previous).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45) - TimeUnit.MILLISECONDS.toNanos(1));
            previous = s;
        }
    }

    @Test
    void doesNotWaitWhenTheIntervalHasAlreadyPassed() {
        RateGate gate = new RateGate(10_000, 0);
        Instant now = Instant.now();
        gate.observe(now.minusSeconds(20), now); // the previous call, twice the interval ago

        assertThat(gate.nanosUntilTurn()).isZero();
        assertThat(gate.awaitTurn()).as("nanos waited, against the 10 s interval").isLessThan(5 * SECOND);
    }

    @Test
    void saysHowLongTheNextCallWouldWaitWithoutWaiting() {
        RateGate gate = new RateGate(10_000, 0);
        assertThat(gate.nanosUntilTurn()).isZero();
        long before = System.nanoTime();
        gate.awaitTurn();
        long untilTurn = gate.nanosUntilTurn();
        long elapsed = System.nanoTime() - before;

        assertThat(untilTurn).isLessThanOrEqualTo(10 * SECOND).isGreaterThanOrEqualTo(10 * SECOND - elapsed);
    }

    @Test
    void aCallRecordedBeforeARestartDelaysTheFirstCallAfterIt() {
        RateGate gate = new RateGate(10_000, 0);
        long before = System.nanoTime();
        Instant now = Instant.now();
        gate.observe(now.minusSeconds(4), now);
        long untilTurn = gate.nanosUntilTurn();
        assertThat(untilTurn).isLessThanOrEqualTo(6 * SECOND).isGreaterThanOrEqualTo(6 * SECOND - (System.nanoTime() - before));

        gate.observe(now.minusSeconds(30), now); // an older call changes nothing
        long later = gate.nanosUntilTurn();
        assertThat(later).isLessThanOrEqualTo(untilTurn).isGreaterThanOrEqualTo(6 * SECOND - (System.nanoTime() - before));
    }

    /**
     * After the first call's answer, 300 ms after its start, the next call is spaced from the
     * answer: its turn is the whole interval after the answer, less only the time the test itself
     * took since (spacing from the start would leave 300 ms less).
     */
    @Test
    void theFirstCallOfAProcessIsSpacedFromItsAnswerLaterOnesFromTheirStart() throws InterruptedException {
        RateGate gate = new RateGate(1_000, 0);
        gate.awaitTurn();
        TimeUnit.MILLISECONDS.sleep(300); // a cold first call: its answer comes late
        long answered = System.nanoTime();
        gate.answered();
        long untilTurn = gate.nanosUntilTurn();
        long sinceAnswer = System.nanoTime() - answered;
        assertThat(untilTurn).as("spaced from the answer").isGreaterThanOrEqualTo(SECOND - sinceAnswer);

        gate.awaitTurn();
        TimeUnit.MILLISECONDS.sleep(300);
        gate.answered();
        assertThat(gate.nanosUntilTurn()).as("spaced from the start").isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(700));
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
}
