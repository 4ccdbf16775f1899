package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.history.Fingerprint;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.history.RequestState;
import org.junit.jupiter.api.Test;

class LedgerIndexTest {

    @Test
    void keepsTheLatestRecordPerRequestAcrossGrowth() {
        LedgerIndex index = new LedgerIndex(16);
        for (long i = 1; i <= 100_000; i++) {
            index.put("default", "payout-" + i, i * 7, i, RequestState.IN_FLIGHT);
        }
        for (long i = 1; i <= 100_000; i += 2) {
            index.put("default", "payout-" + i, i * 7, 200_000 + i, RequestState.DONE);
        }

        assertThat(index.size()).isEqualTo(100_000);
        assertThat(index.get("payout-1")).isEqualTo(new LedgerEntry(RequestState.DONE, 7, 200_001));
        assertThat(index.get("payout-2")).isEqualTo(new LedgerEntry(RequestState.IN_FLIGHT, 14, 2));
        assertThat(index.get("payout-100001")).isNull();
        assertThat(index.get("treasury/payout-1")).as("another account's request of the same id").isNull();
    }

    @Test
    void anOlderRecordNeverReplacesALaterOne() {
        LedgerIndex index = new LedgerIndex(16);
        // written by this instance and indexed at once
        index.put("default", "payout-5", 42, 13, RequestState.DONE);
        // the reader then comes to the same request's older records
        index.put("default", "payout-5", 42, 10, RequestState.NOT_SENT);
        index.put("default", "payout-5", 42, 12, RequestState.IN_FLIGHT);
        index.put("default", "payout-5", 42, 13, RequestState.DONE);
        assertThat(index.get("payout-5")).isEqualTo(new LedgerEntry(RequestState.DONE, 42, 13));

        index.put("default", "payout-5", 42, 20, RequestState.IN_FLIGHT);
        assertThat(index.get("payout-5")).isEqualTo(new LedgerEntry(RequestState.IN_FLIGHT, 42, 20));
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void countsEachAccountsRequestsWhoseLatestResultIsAnUnknownOutcome() {
        LedgerIndex index = new LedgerIndex(16);
        index.put("default", "a", 1, 1, RequestState.IN_FLIGHT);
        index.put("default", "a", 1, 2, RequestState.DONE_UNKNOWN);
        index.put("default", "b", 2, 3, RequestState.DONE_UNKNOWN);
        index.put("treasury", "treasury/a", 3, 4, RequestState.DONE_UNKNOWN);
        // the reader's later copy of a record indexed at once counts nothing twice
        index.put("default", "b", 2, 3, RequestState.DONE_UNKNOWN);
        assertThat(index.unresolvedUnknown("default")).isEqualTo(2);

        // resolved paid; resolved not_paid, its new call in flight
        index.put("default", "a", 1, 5, RequestState.DONE);
        index.put("treasury", "treasury/a", 3, 6, RequestState.IN_FLIGHT);
        assertThat(index.unresolvedUnknown("default")).isEqualTo(1);
        assertThat(index.unresolvedUnknown("treasury")).isZero();

        // that call ends unknown again
        index.put("treasury", "treasury/a", 3, 7, RequestState.DONE_UNKNOWN);
        assertThat(index.unresolvedUnknown("treasury")).isEqualTo(1);
        assertThat(index.unresolvedUnknown("other")).isZero();
    }

    @Test
    void offsetsUpToKafkasRangeSurviveThePacking() {
        LedgerIndex index = new LedgerIndex(16);
        long largeOffset = (1L << 60) - 1;
        index.put("default", "payout-1", -1, largeOffset, RequestState.DONE_RETRYABLE);
        assertThat(index.get("payout-1")).isEqualTo(new LedgerEntry(RequestState.DONE_RETRYABLE, -1, largeOffset));
    }

    @Test
    void theFingerprintIgnoresHowTheAmountIsWritten() {
        long a = Fingerprint.of("USDT_TRC20", "T1", new java.math.BigDecimal("10.50"));
        long b = Fingerprint.of("USDT_TRC20", "T1", new java.math.BigDecimal("1.05E+1"));
        long c = Fingerprint.of("USDT_TRC20", "T1", new java.math.BigDecimal("10.51"));
        long d = Fingerprint.of("USDT_TRC20", "T2", new java.math.BigDecimal("10.50"));
        assertThat(a).isEqualTo(b).isNotEqualTo(c).isNotEqualTo(d);
    }
}
