package io.github.cryptocloudwithdrawals.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerEntryTest {

    private static final long RECORDED = 42;

    @ParameterizedTest(name = "{0}, fingerprint {1}: call allowed {2}")
    @CsvSource({
            // every call of the request provably paid nothing: the same command may be sent again
            "NOT_SENT,       42, true",
            "DONE_RETRYABLE, 42, true",
            // another command under the request id is a conflict, whatever the state
            "NOT_SENT,       43, false",
            "DONE_RETRYABLE, 43, false",
            // a call may have paid, or the request has its final result
            "IN_FLIGHT,      42, false",
            "DONE,           42, false",
            "IN_FLIGHT,      43, false",
            "DONE,           43, false"})
    void onlyTheSameCommandIsSentAgainAndOnlyWhenNothingWasPaid(LedgerState state, long fingerprint, boolean allowed) {
        assertThat(new LedgerEntry(state, RECORDED, 7).allowsCallFor(fingerprint)).isEqualTo(allowed);
    }
}
