package io.github.cryptocloudwithdrawals.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The intake's questions to the ledger, answered at the intake's pace without waiting for the
 * reader: has a request its final result (then the intake answers a duplicate itself), and may
 * the ledger know a request whose command failed validation (then its account's submission stage
 * answers it from the ledger). Reads through consumers of its own.
 */
public final class IntakeView {

    private final Ledger ledger;
    private final LedgerClients clients;
    private TailReads reads;
    private UnindexedKeys unindexedKeys;

    IntakeView(Ledger ledger, LedgerClients clients) {
        this.ledger = ledger;
        this.clients = clients;
    }

    void open() {
        // a fetch brings a few hundred results (read ahead for a re-read in order), not 16 MiB for each one asked for
        reads = clients.tailReads(500, 256 << 10);
        unindexedKeys = new UnindexedKeys(reads);
    }

    void close() {
        if (reads != null) {
            reads.close();
        }
    }

    /** Where a read_committed reader of the ledger ends now. */
    long lastStableOffset() {
        return reads.lastStableOffset();
    }

    /**
     * Whether the ledger may know the request, for a command that failed validation. Besides what
     * is committed, records of transactions still open count too (another instance may be
     * recording the request's result right now): "maybe" costs an invalid command a wait in the
     * queue, "no" when the answer is yes would refuse a duplicate of a paid request.
     *
     * @param account the account's name, or {@code null} for the default account
     * @throws IllegalStateException when the ledger cannot be read in time: never "no" when unsure
     */
    public boolean mayKnow(String account, String requestId) {
        return mayKnowDuringOneBatch().test(account, requestId);
    }

    /**
     * {@link #mayKnow} for the commands of one intake batch: the ledger's end is asked for (a
     * request to Kafka) at most once for the whole batch, when the first command needs it, and
     * only the records written since the previous batch are fetched ({@link UnindexedKeys}). A
     * record written after that is missed, as one written a moment after a single
     * {@link #mayKnow} is.
     */
    public BiPredicate<String, String> mayKnowDuringOneBatch() {
        // every committed record before it is in the index; the ones from it on are fetched here
        long read = ledger.readerPosition();
        List<Set<String>> unindexed = new ArrayList<>(1);
        return (account, requestId) -> {
            String key = LedgerRecords.key(account, requestId);
            if (ledger.indexed(key).isPresent()) {
                return true;
            }
            if (unindexed.isEmpty()) {
                unindexed.add(unindexedKeys.from(read));
            }
            return unindexed.get(0).contains(key);
        };
    }

    /**
     * A request's final result, when the index holds it already: nothing is ever recorded after a
     * {@code done} record, so the intake answers a duplicate from it at once, without waiting for
     * the reader and without queueing the duplicate behind the account's calls. Empty for every
     * other state (in flight, retryable, an {@code outcome_unknown} an operator may still resolve):
     * the account's submission stage decides those, in order with the account's other commands.
     *
     * @param account the account's name, or {@code null} for the default account
     * @throws IllegalStateException when the result's record cannot be read back
     */
    public Optional<Finished> finished(String account, String requestId) {
        String key = LedgerRecords.key(account, requestId);
        return ledger.done(key).map(entry -> new Finished(entry, ledger.results().at(reads, key, requestId, entry)));
    }

    /** A request's {@code done} record and the result recorded in it. */
    public record Finished(LedgerEntry entry, RecordedResult result) {
    }
}
