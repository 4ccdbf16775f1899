package io.github.cryptocloudwithdrawals.ledger;

import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The keys of the ledger's records its reader has not indexed yet, for the intake: the records of
 * transactions still open (the read_committed reader stops before the first of them) and the ones
 * written a moment ago. Each call fetches only what was written since the previous one, so the
 * commands of a flood cost one request for the ledger's end per batch, not one fetch each (a
 * fetch waits up to {@link LedgerReader#FETCH_WAIT_MS} for the one in progress: behind a
 * transaction left open, invalid commands came through at 13 a second).
 */
final class UnindexedKeys {

    private final TailReads reads;
    /** By offset: the keys of the records fetched, from the reader's position on. */
    private final NavigableMap<Long, String> keys = new TreeMap<>();
    /** Where the records fetched end: the ledger's end at the last call. */
    private long fetchedUpTo;

    UnindexedKeys(TailReads reads) {
        this.reads = reads;
    }

    /**
     * The keys of the records from the reader's position to the ledger's end, committed, aborted
     * or in a transaction still open.
     *
     * @param indexedUpTo the reader's position: every committed record before it is in the index
     * @throws IllegalStateException when the ledger cannot be read in time
     */
    synchronized Set<String> from(long indexedUpTo) {
        long end = reads.highWatermark();
        keys.headMap(indexedUpTo).clear();
        long from = Math.max(indexedUpTo, fetchedUpTo);
        if (end > from) {
            reads.keysBetween(from, end, keys::put);
        }
        fetchedUpTo = Math.max(fetchedUpTo, end);
        return Set.copyOf(keys.values());
    }
}
