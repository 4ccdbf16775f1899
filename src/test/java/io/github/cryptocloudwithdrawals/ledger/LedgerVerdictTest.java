package io.github.cryptocloudwithdrawals.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerVerdictTest {

    private static final long RECORDED = 42;

    @ParameterizedTest(name = "latest {0}, fingerprint {1}, valid {2}: {3}")
    @CsvSource({
            // a new request: validation decides
            "none,           42,   true,  CALL",
            "none,           42,   false, INVALID",
            "none,           none, false, INVALID",
            // the same withdrawal, every call of it provably paid nothing: validation decides
            "NOT_SENT,       42,   true,  CALL",
            "NOT_SENT,       42,   false, INVALID",
            "DONE_RETRYABLE, 42,   true,  CALL",
            "DONE_RETRYABLE, 42,   false, INVALID",
            // the same withdrawal, a call of it may have paid: the ledger answers, valid or not
            "IN_FLIGHT,      42,   true,  IN_FLIGHT_AT_A_STOP",
            "IN_FLIGHT,      42,   false, IN_FLIGHT_AT_A_STOP",
            "DONE,           42,   true,  REPLAY",
            "DONE,           42,   false, REPLAY",
            // another withdrawal (or one too broken to tell) under a used request id, whatever the state
            "NOT_SENT,       43,   true,  CONFLICT",
            "DONE_RETRYABLE, 43,   true,  CONFLICT",
            "IN_FLIGHT,      43,   true,  CONFLICT",
            "DONE,           43,   false, CONFLICT",
            "DONE,           none, false, CONFLICT",
            "NOT_SENT,       none, false, CONFLICT"})
    void theLedgerAnswersFirstValidationSecond(String latest, String fingerprint, boolean valid, LedgerVerdict verdict) {
        Optional<LedgerEntry> entry = latest.equals("none") ? Optional.empty()
                : Optional.of(new LedgerEntry(LedgerState.valueOf(latest), RECORDED, 7));
        OptionalLong command = fingerprint.equals("none") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fingerprint));
        assertThat(LedgerVerdict.of(entry, command, valid)).isEqualTo(verdict);
    }
}
