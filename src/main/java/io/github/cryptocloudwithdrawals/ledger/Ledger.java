package io.github.cryptocloudwithdrawals.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable memory of every request that reached a submission stage, kept in a compacted
 * Kafka topic (one partition, key = request id, prefixed by the account for named accounts), so
 * it survives restarts, crashes and moves between instances. CryptoCloud has no idempotency key
 * and no way to ask what happened to a call, so this is what makes "at most one call per request
 * id" true.
 *
 * <p>Each account writes through its own {@link LedgerScope}, in Kafka transactions under one
 * transactional id per account: the instance that takes an account over fences the previous
 * one, so at any moment only one instance can record, and so make, calls for an account. The
 * ledger is read with {@code read_committed}: a write that was fenced or aborted never counts.
 *
 * <p>Each record's small facts (state, fingerprint, call time) travel as headers, so loading the
 * ledger reads no JSON; the final result event is the record value, read back by offset only when
 * a duplicate asks for it. Every record is stamped with the deployment that wrote it
 * ({@link DeploymentStamp}): a ledger holding another deployment's records is not loaded. Every
 * record has a value: on a compacted topic a null value is a tombstone, and the cleaner would
 * delete the request's history with it.
 */
public final class Ledger extends ServiceSupport {

    static final String STATE = "state";
    static final String FINGERPRINT = "fingerprint";
    static final String CALL_STARTED = "call_started_ms";
    static final String ANSWERED = "answered_ms";
    static final String ACCOUNT = "account";
    static final String INSTANCE = "instance";
    /**
     * This process, as its records name it ("pid@host#start"): where a payout call came from, for
     * whoever reads the ledger after an incident. The start time tells apart two processes of one
     * container (same pid and host) across a restart.
     */
    static final String THIS_INSTANCE = ManagementFactory.getRuntimeMXBean().getName() + "#"
            + ManagementFactory.getRuntimeMXBean().getStartTime();
    /** Longest wait for a takeover to read what the previous writer recorded. */
    private static final Duration TAKEOVER_READ_TIMEOUT = Duration.ofSeconds(60);
    /** Longest wait for a catch-up, or for a result read back by offset: each is a few records. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    /** A final result as recorded: the event and the submission record it answered. */
    public record RecordedResult(ResultEvent event, String submission) {
    }

    private final String topic;
    private final DeploymentStamp stamp;
    private final Supplier<Properties> kafkaClientProperties;
    private final LedgerIndex index = new LedgerIndex(1 << 16);
    /** By account name; the default account's key is null. */
    private final Map<String, Long> othersLastCallMillis = new HashMap<>();
    private final List<LedgerScope> scopes = new CopyOnWriteArrayList<>();
    private TopicPartition partition;
    private KafkaConsumer<String, byte[]> consumer;
    /** Reads past the last stable offset: results by offset ({@link #result}), and the tail {@link #mayKnow} checks. */
    private KafkaConsumer<String, byte[]> uncommittedReader;
    private Admin admin;
    /** The first other deployment whose stamp a record read carries; loading stops on it. */
    private String otherDeployment;

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
        partition = new TopicPartition(topic, 0);
        // a write that a takeover fenced, or that failed half-way, was aborted: it never happened
        consumer = reader(IsolationLevel.READ_COMMITTED, 5000);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        uncommittedReader = reader(IsolationLevel.READ_UNCOMMITTED, 500);
        uncommittedReader.assign(List.of(partition));
        long started = System.nanoTime();
        catchUp();
        if (otherDeployment != null) {
            // two deployments given the same ledger: its history is not this deployment's alone
            throw new VetoCamelContextStartException(stamp.sharedLedger(topic, otherDeployment), null, true);
        }
        LOG.info("ledger {} loaded: {} requests in {} ms, {} MiB in memory", topic, index.size(),
                (System.nanoTime() - started) / 1_000_000, index.memoryBytes() >> 20);
    }

    /** A consumer of the ledger partition, outside any group; values stay bytes (loading never decodes them). */
    private KafkaConsumer<String, byte[]> reader(IsolationLevel isolation, int maxPollRecords) {
        Properties properties = new Properties();
        properties.putAll(kafkaClientProperties.get());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(properties);
    }

    @Override
    protected void doStop() {
        scopes.forEach(LedgerScope::close);
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
        if (uncommittedReader != null) {
            uncommittedReader.close(Duration.ofSeconds(5));
        }
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
    }

    /** The fingerprint that decides whether two commands under one request id are the same. */
    public static long fingerprint(String currencyCode, String toAddress, BigDecimal amount) {
        byte[] hash = sha256(currencyCode + "\n" + toAddress + "\n" + amount.stripTrailingZeros().toPlainString());
        return ByteBuffer.wrap(hash).getLong();
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

    /**
     * Whether the ledger may know the request, for a command that failed validation: if it may,
     * the command goes to its account's submission stage to be answered from the ledger. Besides
     * what is committed, records of transactions still open count too (another instance may be
     * recording the request's result right now): "maybe" costs an invalid command a wait in the
     * queue, "no" when the answer is yes would refuse a duplicate of a paid request.
     *
     * @param account the account's name, or {@code null} for the default account
     */
    public synchronized boolean mayKnow(String account, String requestId) {
        String key = key(account, requestId);
        if (lookup(key).isPresent()) {
            return true;
        }
        KafkaConsumer<String, byte[]> reader = uncommittedReader;
        long stable = consumer.position(partition);
        long end = reader.endOffsets(List.of(partition)).get(partition);
        if (end <= stable) {
            return false;
        }
        reader.seek(partition, stable);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (reader.position(partition) < end) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the ledger " + topic + " could not be read up to offset " + end
                        + " within " + READ_TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(500))) {
                if (record.offset() < end && key.equals(record.key())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A request's key in the topic: the default account's request ids are the keys themselves,
     * as before accounts existed; a named account's are prefixed with its name.
     */
    static String key(String account, String requestId) {
        return account == null ? requestId : account + "/" + requestId;
    }

    /** The key's latest record, after reading what other instances may have written. */
    synchronized Optional<LedgerEntry> lookup(String key) {
        catchUp();
        long[] id = idHash(key);
        return Optional.ofNullable(index.get(id[0], id[1]));
    }

    /** As of the last read: after a claim nobody else writes the account's records. */
    synchronized Optional<Instant> othersLastCall(String account) {
        Long millis = othersLastCallMillis.get(account);
        return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /**
     * Indexes a committed record: one this instance has just written, or one read from the topic.
     * Call times are taken only from other processes' records (see {@link #poll()}): this
     * process's own calls are paced by its rate gate.
     */
    synchronized void written(String key, LedgerState state, long fingerprint, long offset) {
        long[] id = idHash(key);
        index.put(id[0], id[1], fingerprint, offset, state);
    }

    /**
     * Reads every record that was in the topic when this was called, committed or not yet: after a
     * takeover's fencing, that includes everything the previous writer of the account committed.
     * Records of a transaction still open (another account's) are waited for.
     */
    synchronized void catchUpWithEverythingWritten() {
        long end = highWatermark();
        long deadline = System.nanoTime() + TAKEOVER_READ_TIMEOUT.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the ledger " + topic + " could not be read up to offset " + end
                        + " within " + TAKEOVER_READ_TIMEOUT.toSeconds() + " s (a transaction stays open)");
            }
            poll();
        }
    }

    /**
     * Reads a final result back from the topic, at the offset the index holds for it.
     *
     * <p>The index holds only committed records (this instance's own once their transaction
     * committed, others' as read with read_committed), so the record there is read without
     * read_committed: a record this instance committed can lie past the last stable offset while
     * any other transaction on the partition is open, and a duplicate must not wait for that one.
     */
    synchronized RecordedResult result(String key, String requestId, LedgerEntry entry) {
        KafkaConsumer<String, byte[]> reader = uncommittedReader;
        reader.seek(partition, entry.offset());
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(500))) {
                    if (record.offset() == entry.offset() && key.equals(record.key())) {
                        JsonNode value = JsonMapping.MAPPER.readTree(record.value());
                        ResultEvent event = new ResultEvent(ResultEvent.Kind.valueOf(value.get("kind").textValue()),
                                requestId, (ObjectNode) value.get("body"),
                                value.get("ce_id").textValue(), Instant.parse(value.get("time").textValue()), false);
                        return new RecordedResult(event, value.path("submission").asText(null));
                    }
                    // compaction removed it: a later record of the request exists, read on the next lookup
                    throw new IllegalStateException("ledger record " + entry.offset() + " of " + key + " is gone");
                }
            }
            throw new IllegalStateException("ledger record " + entry.offset() + " of " + key + " could not be read within "
                    + READ_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new IllegalStateException("ledger record " + entry.offset() + " of " + key + " is not JSON", e);
        }
    }

    // --- reading ----------------------------------------------------------------------------

    /**
     * Reads every committed record up to the current end of the topic into the index: up to the
     * last stable offset, which any open transaction on the partition holds back.
     */
    private void catchUp() {
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long position = consumer.position(partition);
        // the first read at start-up may be millions of records: the deadline is for making no progress
        long lastProgress = System.nanoTime();
        while (position < end) {
            poll();
            long read = consumer.position(partition);
            if (read > position) {
                position = read;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > READ_TIMEOUT.toNanos()) {
                throw new IllegalStateException("the ledger " + topic + " could not be read past offset " + position
                        + " (up to " + end + ") for " + READ_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            Headers headers = record.headers();
            if (otherDeployment == null) {
                otherDeployment = stamp.otherDeployment(header(headers, DeploymentStamp.HEADER)).orElse(null);
            }
            written(record.key(), LedgerState.fromWireName(header(headers, STATE)),
                    Long.parseLong(header(headers, FINGERPRINT)), record.offset());
            if (!THIS_INSTANCE.equals(header(headers, INSTANCE))) {
                long lastCall = Math.max(millis(headers, CALL_STARTED), millis(headers, ANSWERED));
                if (lastCall >= 0) {
                    othersLastCallMillis.merge(header(headers, ACCOUNT), lastCall, Math::max);
                }
            }
        }
    }

    private static long millis(Headers headers, String name) {
        String value = header(headers, name);
        return value == null ? -1 : Long.parseLong(value);
    }

    /** The end of the topic including records of transactions still open. */
    private long highWatermark() {
        try {
            if (admin == null) {
                admin = Admin.create(kafkaClientProperties.get());
            }
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end of the ledger " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the end of the ledger " + topic, e);
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long[] idHash(String key) {
        ByteBuffer hash = ByteBuffer.wrap(sha256(key));
        long high = hash.getLong();
        long low = hash.getLong();
        // (0, 0) marks an empty slot in the index
        return high == 0 && low == 0 ? new long[]{0, 1} : new long[]{high, low};
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
