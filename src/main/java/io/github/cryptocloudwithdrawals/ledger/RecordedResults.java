package io.github.cryptocloudwithdrawals.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Final results read back from the ledger, at the offset the index holds for them, and the ones
 * kept in memory to spare a read: recorded by this instance lately, read back lately, or fetched
 * along with one read back. A record at an offset never changes, so nothing kept is ever stale.
 */
final class RecordedResults {

    /** What the final results held in memory may take, at most. */
    private static final long RECENT_RESULTS_BYTES = 16 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(RecordedResults.class);

    private final RecentResults recent = new RecentResults(RECENT_RESULTS_BYTES);
    /** The key's {@code done} record in the index, if that is its latest. */
    private final Function<String, Optional<LedgerEntry>> done;

    RecordedResults(Function<String, Optional<LedgerEntry>> done) {
        this.done = done;
    }

    /**
     * A final result, at the offset the index holds for it.
     *
     * <p>The index holds only committed records (this instance's own once their transaction
     * committed, others' as read with read_committed), so the record there is read without
     * read_committed: a record this instance committed can lie past the last stable offset while
     * any other transaction on the partition is open, and a duplicate must not wait for that one.
     *
     * @throws IllegalStateException when the record cannot be read back
     */
    RecordedResult at(TailReads reads, String key, String requestId, LedgerEntry entry) {
        Optional<RecordedResult> held = recent.at(entry.offset());
        if (held.isPresent()) {
            return held.get();
        }
        byte[] value = reads.valueAt(entry.offset(), key, this::holdFetchedWith);
        try {
            return hold(entry.offset(), requestId, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ledger record " + entry.offset() + " of " + key + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Keeps a final result this instance has just committed, as it will be read back. One that
     * cannot be read back is not kept: a duplicate then reads it from the topic and fails there,
     * as it would after a restart, instead of this write failing after its commit.
     */
    void written(long offset, String requestId, String value) {
        try {
            hold(offset, requestId, value.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.warn("ledger record {} of {} cannot be read back: {}", offset, requestId, e.getMessage());
        }
    }

    /**
     * Keeps the final result recorded at this offset in memory.
     *
     * @throws IllegalArgumentException when the value is not a final result (nothing is kept)
     */
    private RecordedResult hold(long offset, String requestId, byte[] value) {
        RecordedResult result = LedgerRecords.result(requestId, value);
        recent.hold(offset, result, value.length);
        return result;
    }

    /**
     * Keeps a final result fetched along with the one asked for: a renamed group re-reading the
     * commands topic asks for results in about the order they were recorded, so the next ones are
     * answered from memory instead of with a fetch each. Only a request's {@code done} record (the
     * one the index points to); one that cannot be read is left to fail its own lookup.
     */
    private void holdFetchedWith(ConsumerRecord<String, byte[]> record) {
        if (done.apply(record.key()).filter(entry -> entry.offset() == record.offset()).isEmpty()) {
            return;
        }
        try {
            hold(record.offset(), LedgerRecords.requestId(record.key()), record.value());
        } catch (IllegalArgumentException e) {
            // not held: a duplicate of its request reads it again and fails there, with the reason
        }
    }
}
