package io.github.cryptocloudwithdrawals.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedgerIndexTest {

    @Test
    void keepsTheLatestRecordPerRequestAcrossGrowth() {
        LedgerIndex index = new LedgerIndex(16);
        for (long i = 1; i <= 100_000; i++) {
            index.put(i * 31, i, i * 7, i, LedgerState.IN_FLIGHT);
        }
        for (long i = 1; i <= 100_000; i += 2) {
            index.put(i * 31, i, i * 7, 200_000 + i, LedgerState.DONE);
        }

        assertThat(index.size()).isEqualTo(100_000);
        assertThat(index.get(31, 1)).isEqualTo(new LedgerEntry(LedgerState.DONE, 7, 200_001));
        assertThat(index.get(62, 2)).isEqualTo(new LedgerEntry(LedgerState.IN_FLIGHT, 14, 2));
        assertThat(index.get(31, 2)).isNull();
        assertThat(index.get(0, 100_001)).isNull();
    }

    @Test
    void anOlderRecordNeverReplacesALaterOne() {
        LedgerIndex index = new LedgerIndex(16);
        // written by this instance and indexed at once
        index.put(5, 6, 42, 13, LedgerState.DONE);
        // a catch-up then reads the same request's older records
        index.put(5, 6, 42, 10, LedgerState.NOT_SENT);
        index.put(5, 6, 42, 12, LedgerState.IN_FLIGHT);
        index.put(5, 6, 42, 13, LedgerState.DONE);
        assertThat(index.get(5, 6)).isEqualTo(new LedgerEntry(LedgerState.DONE, 42, 13));

        index.put(5, 6, 42, 20, LedgerState.IN_FLIGHT);
        assertThat(index.get(5, 6)).isEqualTo(new LedgerEntry(LedgerState.IN_FLIGHT, 42, 20));
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void offsetsUpToKafkasRangeSurviveThePacking() {
        LedgerIndex index = new LedgerIndex(16);
        long largeOffset = (1L << 60) - 1;
        index.put(1, 2, -1, largeOffset, LedgerState.DONE_RETRYABLE);
        assertThat(index.get(1, 2)).isEqualTo(new LedgerEntry(LedgerState.DONE_RETRYABLE, -1, largeOffset));
    }

    @Test
    void theFingerprintIgnoresHowTheAmountIsWritten() {
        long a = Ledger.fingerprint("USDT_TRC20", "T1", new java.math.BigDecimal("10.50"));
        long b = Ledger.fingerprint("USDT_TRC20", "T1", new java.math.BigDecimal("1.05E+1"));
        long c = Ledger.fingerprint("USDT_TRC20", "T1", new java.math.BigDecimal("10.51"));
        long d = Ledger.fingerprint("USDT_TRC20", "T2", new java.math.BigDecimal("10.50"));
        assertThat(a).isEqualTo(b).isNotEqualTo(c).isNotEqualTo(d);
    }
}
