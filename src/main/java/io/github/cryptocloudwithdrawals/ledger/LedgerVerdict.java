package io.github.cryptocloudwithdrawals.ledger;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a command's request history makes of it before anything is sent. The ledger answers
 * first, validation second: a duplicate of a request the ledger knows is answered from the
 * ledger even when today's rules (a lower maximum, stricter checks) would refuse the command,
 * because "failed" would tell the backend that a paid withdrawal was not paid.
 */
public enum LedgerVerdict {

    /** The request is new, or every call made for it provably paid nothing, and the command is valid: call. */
    CALL,
    /** The ledger has no answer for the command, and it fails validation: the validation failure. */
    INVALID,
    /** Another withdrawal under a used request id (or a command too broken to tell): refused unsent. */
    CONFLICT,
    /** The same withdrawal, whose call was in flight when its process stopped: outcome unknown, never sent again. */
    IN_FLIGHT_AT_A_STOP,
    /** The same withdrawal, with a final result: that result again. */
    REPLAY;

    /**
     * @param latest      the request's latest ledger record, if any
     * @param fingerprint the command's fingerprint, empty when it does not name a whole withdrawal
     * @param valid       whether the command passes validation today
     */
    public static LedgerVerdict of(Optional<LedgerEntry> latest, OptionalLong fingerprint, boolean valid) {
        if (latest.isEmpty()) {
            return valid ? CALL : INVALID;
        }
        LedgerEntry entry = latest.get();
        if (fingerprint.isEmpty() || fingerprint.getAsLong() != entry.fingerprint()) {
            return CONFLICT;
        }
        return switch (entry.state()) {
            case NOT_SENT, DONE_RETRYABLE -> valid ? CALL : INVALID;
            case IN_FLIGHT -> IN_FLIGHT_AT_A_STOP;
            case DONE -> REPLAY;
        };
    }
}
