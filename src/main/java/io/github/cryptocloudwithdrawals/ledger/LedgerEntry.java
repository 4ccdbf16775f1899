package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.history.RequestHistory;
import io.github.cryptocloudwithdrawals.history.RequestState;

/**
 * A request's latest ledger record, as kept in memory.
 *
 * @param fingerprint which command the request id was first used for
 * @param offset      where the record is in the ledger topic
 */
public record LedgerEntry(RequestState state, long fingerprint, long offset) {

    /** What a payout decision reads of it. */
    public RequestHistory history() {
        return new RequestHistory(state, fingerprint);
    }
}
