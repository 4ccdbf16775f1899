package io.github.cryptocloudwithdrawals.ledger;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One caller's reads at the ledger's end, with consumers of its own (each account's submission
 * stage has one, the intake another), so none waits for another's: where the ledger ends, for
 * read_committed readers (the last stable offset) and for any reader (the high watermark), and
 * records past the last stable offset, where the ledger's reader cannot go while a transaction on
 * the partition is open: a result this instance committed, by its offset, and the records of
 * transactions still open. Each answer is one round trip to the partition's leader.
 */
final class TailReads implements AutoCloseable {

    /** Longest wait for one read: each is a few records, or an offset. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> uncommitted;
    private final KafkaConsumer<String, byte[]> committed;
    private final TopicPartition partition;

    /**
     * @param uncommitted a read_uncommitted consumer of the ledger
     * @param committed   a read_committed consumer of the ledger, asked for its end only
     */
    TailReads(KafkaConsumer<String, byte[]> uncommitted, KafkaConsumer<String, byte[]> committed, String topic) {
        this.uncommitted = uncommitted;
        this.committed = committed;
        this.partition = new TopicPartition(topic, 0);
        uncommitted.assign(List.of(partition));
        // never polled; assigned, since a Kafka 4 client warns on every end offset it is told for
        // a partition its consumer does not hold
        committed.assign(List.of(partition));
    }

    /** The end of what read_committed readers can read: a transaction still open holds it back. */
    synchronized long lastStableOffset() {
        return committed.endOffsets(List.of(partition), TIMEOUT).get(partition);
    }

    /** The end of the ledger, records of transactions still open included. */
    synchronized long highWatermark() {
        return uncommitted.endOffsets(List.of(partition), TIMEOUT).get(partition);
    }

    /**
     * The value of the key's record at this offset. The records fetched with it (up to a poll's
     * worth, the ones that follow it) go to {@code fetchedWith}: they cost nothing more.
     *
     * @throws IllegalStateException when it is gone (compaction removed it: a later record of the
     *         key exists, read on the next lookup) or cannot be read in time
     */
    synchronized byte[] valueAt(long offset, String key, Consumer<ConsumerRecord<String, byte[]>> fetchedWith) {
        uncommitted.seek(partition, offset);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Iterator<ConsumerRecord<String, byte[]>> records = uncommitted.poll(Duration.ofMillis(500)).iterator();
            if (records.hasNext()) {
                ConsumerRecord<String, byte[]> record = records.next();
                if (record.offset() != offset || !key.equals(record.key())) {
                    throw new IllegalStateException("ledger record " + offset + " of " + key + " is gone");
                }
                records.forEachRemaining(fetchedWith);
                return record.value();
            }
        }
        throw new IllegalStateException("ledger record " + offset + " of " + key + " could not be read within "
                + TIMEOUT.toSeconds() + " s");
    }

    /**
     * Each record between the offsets, committed, aborted or in a transaction still open: its
     * offset and key.
     *
     * @throws IllegalStateException when the records cannot be read in time
     */
    synchronized void keysBetween(long from, long to, BiConsumer<Long, String> each) {
        uncommitted.seek(partition, from);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (uncommitted.position(partition) < to) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the ledger " + partition.topic() + " could not be read up to offset "
                        + to + " within " + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : uncommitted.poll(Duration.ofMillis(500))) {
                if (record.offset() < to) {
                    each.accept(record.offset(), record.key());
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        uncommitted.close(Duration.ofSeconds(5));
        committed.close(Duration.ofSeconds(5));
    }
}
