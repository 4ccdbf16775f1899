package io.github.cryptocloudwithdrawals.ledger;

/**
 * A request's latest ledger record, as kept in memory.
 *
 * @param fingerprint which command the request id was first used for
 * @param offset      where the record is in the ledger topic
 */
public record LedgerEntry(LedgerState state, long fingerprint, long offset) {
}
