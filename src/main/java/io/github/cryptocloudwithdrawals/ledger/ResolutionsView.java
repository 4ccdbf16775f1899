package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.history.RequestState;
import java.util.Optional;

/**
 * The resolutions route's question to the ledger: where a request stands, with its final result,
 * which an operator's resolution is checked against before it is queued. Reads through consumers
 * of its own, opened on the first question.
 */
public final class ResolutionsView {

    private final Ledger ledger;
    private final LedgerClients clients;
    private TailReads reads;

    ResolutionsView(Ledger ledger, LedgerClients clients) {
        this.ledger = ledger;
        this.clients = clients;
    }

    /**
     * The request's latest state and, when it has a final result, that result. Reads what was
     * committed when this was called, as a submission stage's lookup does.
     *
     * @param account the account's name, or {@code null} for the default account
     */
    public synchronized Optional<Latest> latest(String account, String requestId) {
        if (reads == null) {
            reads = clients.accountReads();
        }
        String key = LedgerRecords.key(account, requestId);
        return ledger.lookup(reads, key).map(entry -> new Latest(entry.state(), switch (entry.state()) {
            case DONE, DONE_UNKNOWN, DONE_RETRYABLE -> Optional.of(ledger.results().at(reads, key, requestId, entry));
            case IN_FLIGHT, NOT_SENT -> Optional.empty();
        }));
    }

    synchronized void close() {
        if (reads != null) {
            reads.close();
            reads = null;
        }
    }

    /** A request's latest state, with its final result when it has one. */
    public record Latest(RequestState state, Optional<RecordedResult> result) {
    }
}
