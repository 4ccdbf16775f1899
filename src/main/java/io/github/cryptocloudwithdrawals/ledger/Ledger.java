package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.deployment.StartRefusingService;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable memory of every request that reached a submission stage, kept in a compacted
 * Kafka topic (one partition, record format in {@link LedgerRecords}), so it survives restarts,
 * crashes and moves between instances. CryptoCloud has no idempotency key and no way to ask what
 * happened to a call, so this is what makes "at most one call per request id" true.
 *
 * <p>Each account writes through its own {@link LedgerScope}, in Kafka transactions under one
 * transactional id per account: the instance that takes an account over fences the previous
 * one, so at any moment only one instance can record, and so make, calls for an account.
 *
 * <p>One {@link LedgerReader} follows the topic into an in-memory index with read_committed; a
 * lookup waits, with a deadline, only until that reader has passed what was committed when the
 * lookup began, and no account waits for another. Kafka marks a transaction committed on the
 * partition only after its commit returned, so another instance's latest commit may be read a
 * moment later: what an account's calls rest on is read by its {@linkplain LedgerScope#claim()
 * claim}, up to the ledger's end, and after it only the claiming instance writes the account's
 * records. A request with a final result needs no wait at all: nothing is ever
 * recorded after it. Every record is stamped with the deployment that wrote it
 * ({@link DeploymentStamp}): a ledger holding another deployment's records is not loaded.
 */
public final class Ledger extends StartRefusingService {

    /** Longest wait for a takeover to read what the previous writer recorded. */
    private static final Duration TAKEOVER_READ_TIMEOUT = Duration.ofSeconds(60);
    /** A read of the ledger (at start-up possibly millions of records) fails after this long without progress. */
    private static final Duration READ_STALL_TIMEOUT = Duration.ofSeconds(30);
    /** What the final results held in memory may take, at most. */
    private static final long RECENT_RESULTS_BYTES = 16 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    /**
     * Every index lookup hashes its key, the intake's up to twice per command: one digest per
     * thread, since looking the algorithm up anew costs more than hashing a request id.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    /** A final result as recorded: the event and the submission record it answered. */
    public record RecordedResult(ResultEvent event, String submission) {
    }

    private final String topic;
    private final DeploymentStamp stamp;
    private final Supplier<Properties> kafkaClientProperties;
    private final LedgerIndex index = new LedgerIndex(1 << 16);
    private final RecentResults recentResults = new RecentResults(RECENT_RESULTS_BYTES);
    private final List<LedgerScope> scopes = new CopyOnWriteArrayList<>();
    private LedgerReader reader;
    /** The intake's: {@link #finished} reads results back with them. */
    private TailReads intakeReads;
    /** The intake's: {@link #mayKnow} asks them for the records the reader has not come to yet. */
    private UnindexedKeys unindexedKeys;
    /** The resolutions route's reads, created on its first lookup. */
    private TailReads resolutionReads;

    /**
     * @param stamp                 the mark of this deployment, put on every record written; a
     *                              record marked by another deployment stops loading
     * @param kafkaClientProperties the service's Kafka client settings (brokers, security)
     */
    public Ledger(String topic, DeploymentStamp stamp, Supplier<Properties> kafkaClientProperties) {
        this.topic = topic;
        this.stamp = stamp;
        this.kafkaClientProperties = kafkaClientProperties;
    }

    /**
     * The part of the ledger one account reads and writes.
     *
     * @param account the account's name, or {@code null} for the default account
     */
    public LedgerScope scope(String account) {
        LedgerScope scope = new LedgerScope(this, account);
        scopes.add(scope);
        return scope;
    }

    @Override
    protected void doStart() throws VetoCamelContextStartException {
        reader = new LedgerReader(consumer(IsolationLevel.READ_COMMITTED, 5000, 16 << 20), topic, index, stamp);
        // a fetch brings a few hundred results (read ahead for a re-read in order), not 16 MiB for each one asked for
        intakeReads = tailReads(500, 256 << 10);
        unindexedKeys = new UnindexedKeys(intakeReads);
        long started = System.nanoTime();
        reader.start();
        reader.awaitRead(intakeReads.lastStableOffset(), READ_STALL_TIMEOUT);
        Optional<String> other = reader.otherDeployment();
        if (other.isPresent()) {
            // two deployments given the same ledger: its history is not this deployment's alone
            throw refusal(stamp.sharedLedger(topic, other.get()));
        }
        LOG.info("ledger {} loaded: {} requests in {} ms, {} MiB in memory", topic, index.size(),
                (System.nanoTime() - started) / 1_000_000, index.memoryBytes() >> 20);
    }

    @Override
    protected void doStop() throws InterruptedException {
        scopes.forEach(LedgerScope::close);
        if (reader != null) {
            reader.stop();
        }
        if (intakeReads != null) {
            intakeReads.close();
        }
        synchronized (this) {
            if (resolutionReads != null) {
                resolutionReads.close();
                resolutionReads = null;
            }
        }
    }

    /** The fingerprint that decides whether two commands under one request id are the same. */
    public static long fingerprint(String currencyCode, String toAddress, BigDecimal amount) {
        byte[] hash = sha256(currencyCode + "\n" + toAddress + "\n" + amount.stripTrailingZeros().toPlainString());
        return ByteBuffer.wrap(hash).getLong();
    }

    /**
     * Whether the ledger may know the request, for a command that failed validation: if it may,
     * the command goes to its account's submission stage to be answered from the ledger. Besides
     * what is committed, records of transactions still open count too (another instance may be
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
        long read = reader.position();
        List<Set<String>> unindexed = new ArrayList<>(1);
        return (account, requestId) -> {
            String key = LedgerRecords.key(account, requestId);
            if (index.get(key) != null) {
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
     * Called by the intake only (it reads through the intake's reads).
     *
     * @param account the account's name, or {@code null} for the default account
     * @throws IllegalStateException when the result's record cannot be read back
     */
    public Optional<Finished> finished(String account, String requestId) {
        String key = LedgerRecords.key(account, requestId);
        return done(key).map(entry -> new Finished(entry, result(intakeReads, key, requestId, entry)));
    }

    /** A request's {@code done} record and the result recorded in it. */
    public record Finished(LedgerEntry entry, RecordedResult result) {
    }

    /**
     * How many of the account's requests have {@code outcome_unknown} as their result, not yet
     * resolved: from the index, so right after a start too.
     *
     * @param account the account's name, or {@code null} for the default account
     */
    public int unresolvedUnknown(String account) {
        return index.unresolvedUnknown(PayoutAccount.label(account));
    }

    /**
     * The request's latest state and, when it has a final result, that result: what an operator's
     * resolution is checked against before it is queued. Reads what was committed when this was
     * called, as a submission stage's lookup does.
     *
     * @param account the account's name, or {@code null} for the default account
     */
    public synchronized Optional<Latest> latest(String account, String requestId) {
        if (resolutionReads == null) {
            resolutionReads = accountReads();
        }
        String key = LedgerRecords.key(account, requestId);
        Optional<LedgerEntry> entry = lookup(resolutionReads, key);
        return entry.map(e -> new Latest(e.state(), switch (e.state()) {
            case DONE, DONE_UNKNOWN, DONE_RETRYABLE -> Optional.of(result(resolutionReads, key, requestId, e));
            case IN_FLIGHT, NOT_SENT -> Optional.empty();
        }));
    }

    /** A request's latest state, with its final result when it has one. */
    public record Latest(LedgerState state, Optional<RecordedResult> result) {
    }

    // --- for the scopes ----------------------------------------------------------------------

    String topic() {
        return topic;
    }

    DeploymentStamp stamp() {
        return stamp;
    }

    Properties clientProperties() {
        return kafkaClientProperties.get();
    }

    /** Reads at the ledger's end for one account; the account's scope owns them. */
    TailReads accountReads() {
        // a fetch returns at least one whole record batch, however small its limit: one result is asked for
        return tailReads(1, 64 << 10);
    }

    /**
     * The key's latest record, after the reader has read what was committed when this was called:
     * up to the last stable offset, which a transaction still open holds back, and so never holds
     * this wait.
     */
    Optional<LedgerEntry> lookup(TailReads reads, String key) {
        Optional<LedgerEntry> done = done(key);
        if (done.isPresent()) {
            return done;
        }
        reader.awaitRead(reads.lastStableOffset(), READ_STALL_TIMEOUT);
        return Optional.ofNullable(index.get(key));
    }

    /**
     * The key's latest record when it is {@code done}: final, nothing is ever recorded after it
     * (an unknown outcome's resolution comes after DONE_UNKNOWN only), so there is nothing newer
     * to wait for.
     */
    private Optional<LedgerEntry> done(String key) {
        return Optional.ofNullable(index.get(key)).filter(entry -> entry.state() == LedgerState.DONE);
    }

    /** As of the last read: after a claim nobody else writes the account's records. */
    Optional<Instant> othersLastCall(String account) {
        return reader.othersLastCall(account);
    }

    /**
     * Indexes a record this instance has just committed: the reader may come to it later.
     *
     * @param account the account's name, or {@code null} for the default account
     */
    void written(String account, String key, LedgerState state, long fingerprint, long offset) {
        index.put(PayoutAccount.label(account), key, fingerprint, offset, state);
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
     * Waits until every record that was in the topic when this was called, committed or not yet, is
     * read: after a takeover's fencing, that includes everything the previous writer of the account
     * committed. Records of a transaction still open (another account's, another client's) are
     * waited for; this holds only the caller.
     */
    void readEverythingWritten(TailReads reads) {
        reader.awaitReadWithin(reads.highWatermark(), TAKEOVER_READ_TIMEOUT);
    }

    /**
     * A final result, at the offset the index holds for it.
     *
     * <p>The index holds only committed records (this instance's own once their transaction
     * committed, others' as read with read_committed), so the record there is read without
     * read_committed: a record this instance committed can lie past the last stable offset while
     * any other transaction on the partition is open, and a duplicate must not wait for that one.
     */
    RecordedResult result(TailReads reads, String key, String requestId, LedgerEntry entry) {
        Optional<RecordedResult> recent = recentResults.at(entry.offset());
        if (recent.isPresent()) {
            return recent.get();
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
     * Keeps the final result recorded at this offset in memory: a record at an offset never changes.
     *
     * @throws IllegalArgumentException when the value is not a final result (nothing is kept)
     */
    private RecordedResult hold(long offset, String requestId, byte[] value) {
        RecordedResult result = LedgerRecords.result(requestId, value);
        recentResults.hold(offset, result, value.length);
        return result;
    }

    /**
     * Keeps a final result fetched along with the one asked for: a renamed group re-reading the
     * commands topic asks for results in about the order they were recorded, so the next ones are
     * answered from memory instead of with a fetch each. Only a request's {@code done} record (the
     * one the index points to); one that cannot be read is left to fail its own lookup.
     */
    private void holdFetchedWith(ConsumerRecord<String, byte[]> record) {
        if (done(record.key()).filter(entry -> entry.offset() == record.offset()).isEmpty()) {
            return;
        }
        try {
            hold(record.offset(), LedgerRecords.requestId(record.key()), record.value());
        } catch (IllegalArgumentException e) {
            // not held: a duplicate of its request reads it again and fails there, with the reason
        }
    }

    static byte[] sha256(String text) {
        // digest() resets the instance for its thread's next use
        return SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private TailReads tailReads(int maxPollRecords, int maxFetchBytes) {
        return new TailReads(consumer(IsolationLevel.READ_UNCOMMITTED, maxPollRecords, maxFetchBytes),
                consumer(IsolationLevel.READ_COMMITTED, 1, 1), topic);
    }

    /** A consumer of the ledger partition, outside any group; values stay bytes (loading never decodes them). */
    private KafkaConsumer<String, byte[]> consumer(IsolationLevel isolation, int maxPollRecords, int maxFetchBytes) {
        Properties properties = new Properties();
        properties.putAll(kafkaClientProperties.get());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(maxFetchBytes));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // offsets are always set explicitly: a reset would skip the ledger's history
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(LedgerReader.FETCH_WAIT_MS));
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(properties);
    }
}
