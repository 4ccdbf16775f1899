package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of the ledger's committed records: a thread of its own that reads the topic from
 * the beginning and then follows it, with read_committed (a write that a takeover fenced, or that
 * failed half-way, was aborted: it never happened), into the index. Whoever needs the ledger read
 * up to some offset waits for this reader to pass it, with a deadline, and holds nobody else:
 * one account waiting for a long read (a takeover behind a transaction left open) never delays
 * another account's lookups.
 */
final class LedgerReader {

    /** How long one fetch waits for new records: also how late a wait may notice them at worst. */
    static final int FETCH_WAIT_MS = 100;
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(LedgerReader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final LedgerIndex index;
    private final DeploymentStamp stamp;
    /** By account label: the latest call other processes recorded. */
    private final Map<String, Long> othersLastCallMillis = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** The first other deployment whose stamp a record carries. */
    private volatile String otherDeployment;
    /** The next offset to read: every committed record before it is in the index. Guarded by this. */
    private long position;
    /** Why the last read failed, until a read succeeds again. Guarded by this. */
    private RuntimeException failure;

    LedgerReader(KafkaConsumer<String, byte[]> consumer, String topic, LedgerIndex index, DeploymentStamp stamp) {
        this.consumer = consumer;
        this.partition = new TopicPartition(topic, 0);
        this.index = index;
        this.stamp = stamp;
        this.thread = new Thread(this::run, "ledger-reader-" + topic);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** The first other deployment whose records the ledger holds, as far as read. */
    Optional<String> otherDeployment() {
        return Optional.ofNullable(otherDeployment);
    }

    /** As far as read: after a claim nobody else writes the account's records. */
    Optional<Instant> othersLastCall(String account) {
        Long millis = othersLastCallMillis.get(PayoutAccount.label(account));
        return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /** The next offset to read: every committed record before it is in the index. */
    synchronized long position() {
        return position;
    }

    /**
     * Waits until every committed record before {@code offset} is in the index, while the reader
     * makes progress: a large ledger still loads at start-up, and a reader that is stuck fails
     * the wait after {@code stall}.
     *
     * @throws IllegalStateException when it fails, naming the offsets and the last read failure
     */
    void awaitRead(long offset, Duration stall) {
        awaitRead(offset, stall.toNanos(), Long.MAX_VALUE);
    }

    /**
     * Waits until every committed record before {@code offset} is in the index, at most {@code limit}.
     *
     * @throws IllegalStateException when it fails, naming the offsets and the last read failure
     */
    void awaitReadWithin(long offset, Duration limit) {
        awaitRead(offset, Long.MAX_VALUE, limit.toNanos());
    }

    private synchronized void awaitRead(long offset, long stallNanos, long limitNanos) {
        long started = System.nanoTime();
        long lastProgress = started;
        long seen = position;
        while (position < offset) {
            long now = System.nanoTime();
            if (position > seen) {
                seen = position;
                lastProgress = now;
            }
            long stallLeft = stallNanos - (now - lastProgress);
            long limitLeft = limitNanos - (now - started);
            if (stallLeft <= 0 || limitLeft <= 0) {
                throw new IllegalStateException("the ledger " + partition.topic() + " could not be read past offset "
                        + position + " (up to " + offset + ") within " + (stallLeft <= 0
                        ? TimeUnit.NANOSECONDS.toSeconds(stallNanos) + " s without progress"
                        : TimeUnit.NANOSECONDS.toSeconds(limitNanos) + " s")
                        + (failure == null ? "" : ": " + failure.getMessage()));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(stallLeft, limitLeft));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the ledger " + partition.topic()
                        + " to be read up to offset " + offset, e);
            }
        }
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(FETCH_WAIT_MS))) {
                        index(record);
                    }
                    read(consumer.position(partition));
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    failed(e);
                    Thread.sleep(RETRY_AFTER_FAILURE.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Call times are taken only from other processes' records: this process's own calls are
     * paced by its rate gates.
     */
    private void index(ConsumerRecord<String, byte[]> record) {
        LedgerRecords.Facts facts;
        try {
            facts = LedgerRecords.facts(record.headers());
        } catch (RuntimeException e) {
            // read it again after a pause: whoever waits learns why the ledger cannot be read past it
            consumer.seek(partition, record.offset());
            throw new IllegalStateException("ledger record " + record.offset() + " cannot be read: " + e.getMessage(), e);
        }
        if (otherDeployment == null) {
            otherDeployment = stamp.otherDeployment(facts.deployment()).orElse(null);
        }
        index.put(PayoutAccount.label(facts.account()), record.key(), facts.fingerprint(), record.offset(), facts.state());
        long lastCall = facts.lastCallMillis();
        if (lastCall >= 0 && !LedgerRecords.THIS_INSTANCE.equals(facts.instance())) {
            othersLastCallMillis.merge(PayoutAccount.label(facts.account()), lastCall, Math::max);
        }
    }

    private synchronized void read(long next) {
        if (failure != null) {
            LOG.info("the ledger {} is read again from offset {}", partition.topic(), position);
            failure = null;
        }
        if (next > position) {
            position = next;
            notifyAll();
        }
    }

    private synchronized void failed(RuntimeException e) {
        if (failure == null || !String.valueOf(failure.getMessage()).equals(e.getMessage())) {
            LOG.warn("the ledger {} cannot be read past offset {}: {}; trying again", partition.topic(), position,
                    e.getMessage());
        }
        failure = e;
    }
}
