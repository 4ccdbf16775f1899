package io.github.cryptocloudwithdrawals.cryptocloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateGateTest {

    @Test
    void theFirstCallPassesAtOnceAndLaterOnesKeepTheIntervalPlusMargin() {
        RateGate gate = new RateGate(40, 5);
        long first = gate.awaitTurn();
        long start = System.nanoTime();
        long[] starts = new long[5];
        for (int i = 0; i < starts.length; i++) {
            gate.awaitTurn();
            starts[i] = System.nanoTime();
        }
        assertThat(first).isLessThan(TimeUnit.MILLISECONDS.toNanos(5));
        long previous = start;
        for (long s : starts) {
            // the gate records its start just before returning, so measured gaps can only be longer
            assertThat(s - previous).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45) - TimeUnit.MILLISECONDS.toNanos(1));
            previous = s;
        }
    }

    @Test
    void doesNotWaitWhenTheIntervalHasAlreadyPassed() throws InterruptedException {
        RateGate gate = new RateGate(10, 0);
        gate.awaitTurn();
        TimeUnit.MILLISECONDS.sleep(20);
        assertThat(gate.awaitTurn()).isLessThan(TimeUnit.MILLISECONDS.toNanos(5));
    }

    @Test
    void saysHowLongTheNextCallWouldWaitWithoutWaiting() {
        RateGate gate = new RateGate(10_000, 0);
        assertThat(gate.nanosUntilTurn()).isZero();
        gate.awaitTurn();
        assertThat(gate.nanosUntilTurn()).isBetween(TimeUnit.SECONDS.toNanos(9), TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void aCallRecordedBeforeARestartDelaysTheFirstCallAfterIt() {
        RateGate gate = new RateGate(10_000, 0);
        java.time.Instant now = java.time.Instant.now();
        gate.observe(now.minusSeconds(4), now);
        assertThat(gate.nanosUntilTurn()).isBetween(TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(6));
        gate.observe(now.minusSeconds(30), now); // an older call changes nothing
        assertThat(gate.nanosUntilTurn()).isGreaterThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void theFirstCallOfAProcessIsSpacedFromItsAnswerLaterOnesFromTheirStart() throws InterruptedException {
        RateGate gate = new RateGate(1_000, 0);
        gate.awaitTurn();
        TimeUnit.MILLISECONDS.sleep(300); // a cold first call: its answer comes late
        gate.answered();
        assertThat(gate.nanosUntilTurn()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(950));

        gate.awaitTurn();
        TimeUnit.MILLISECONDS.sleep(300);
        gate.answered();
        assertThat(gate.nanosUntilTurn()).isLessThan(TimeUnit.MILLISECONDS.toNanos(701));
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
