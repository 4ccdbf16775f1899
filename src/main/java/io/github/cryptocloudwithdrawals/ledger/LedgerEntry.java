package io.github.cryptocloudwithdrawals.ledger;

/**
 * A request's latest ledger record, as kept in memory.
 *
 * @param fingerprint which command the request id was first used for
 * @param offset      where the record is in the ledger topic
 */
public record LedgerEntry(LedgerState state, long fingerprint, long offset) {

    /**
     * Whether the command with this fingerprint may be sent (again) under the request id: only
     * when every call made for it provably paid nothing, and only the same command; any other
     * command under a used request id is a conflict.
     */
    public boolean allowsCallFor(long commandFingerprint) {
        return (state == LedgerState.NOT_SENT || state == LedgerState.DONE_RETRYABLE) && fingerprint == commandFingerprint;
    }
}
