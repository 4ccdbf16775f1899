package io.github.cryptocloudwithdrawals.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable memory of every request that reached the submission stage, kept in a compacted
 * Kafka topic (one partition, key = request id), so it survives restarts, crashes and moves
 * between instances. CryptoCloud has no idempotency key and no way to ask what happened to a
 * call, so this is what makes "at most one call per request id" true.
 *
 * <p>Each record's small facts (state, fingerprint, call time) travel as headers, so loading the
 * ledger reads no JSON; the final result event is the record value, read back by offset only when
 * a duplicate asks for it. Only the submission thread uses it.
 */
public final class Ledger extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final String STATE = "state";
    private static final String FINGERPRINT = "fingerprint";
    private static final String CALL_STARTED = "call_started_ms";

    /** A final result as recorded: the event and the submission record it answered. */
    public record RecordedResult(ResultEvent event, String submission) {
    }

    private final String topic;
    private final Supplier<Properties> kafkaClientProperties;
    private final LedgerIndex index = new LedgerIndex(1 << 16);
    private TopicPartition partition;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, String> producer;
    private long lastCallStartedMillis = -1;

    /** @param kafkaClientProperties the service's Kafka client settings (brokers, security) */
    public Ledger(String topic, Supplier<Properties> kafkaClientProperties) {
        this.topic = topic;
        this.kafkaClientProperties = kafkaClientProperties;
    }

    @Override
    protected void doStart() {
        Properties common = kafkaClientProperties.get();
        Properties consumerProperties = new Properties();
        consumerProperties.putAll(common);
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // values (the result events) are only read back for a replay: loading never decodes them
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Properties producerProperties = new Properties();
        producerProperties.putAll(common);
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");

        partition = new TopicPartition(topic, 0);
        consumer = new KafkaConsumer<>(consumerProperties);
        producer = new KafkaProducer<>(producerProperties);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long started = System.nanoTime();
        catchUp();
        LOG.info("ledger {} loaded: {} requests in {} ms, {} MiB in memory", topic, index.size(),
                (System.nanoTime() - started) / 1_000_000, index.memoryBytes() >> 20);
    }

    @Override
    protected void doStop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The request's latest record, after reading what other instances may have written. */
    public synchronized Optional<LedgerEntry> lookup(String requestId) {
        catchUp();
        long[] id = idHash(requestId);
        return Optional.ofNullable(index.get(id[0], id[1]));
    }

    /** When the last call of any request started, as recorded: the rate limit spans restarts. */
    public synchronized Optional<Instant> lastCallStartedAt() {
        return lastCallStartedMillis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastCallStartedMillis));
    }

    /** Records, and waits until Kafka acknowledged, that a call is about to be sent. */
    public void recordInFlight(String requestId, long fingerprint, Instant callStartedAt) {
        write(requestId, LedgerState.IN_FLIGHT, fingerprint, callStartedAt, null);
    }

    /** Records that the last call was provably not executed, so it may be sent again. */
    public void recordNotSent(String requestId, long fingerprint, Instant callStartedAt) {
        write(requestId, LedgerState.NOT_SENT, fingerprint, callStartedAt, null);
    }

    /**
     * Records the final result before it is published.
     *
     * @param submission which submission record this answers ("partition@offset")
     */
    public void recordDone(String requestId, long fingerprint, Instant lastCallStartedAt, ResultEvent event,
                           String submission) {
        ObjectNode value = JsonMapping.MAPPER.createObjectNode();
        value.put("kind", event.kind().name());
        value.put("ce_id", event.cloudEventId());
        value.put("time", event.time().toString());
        value.put("submission", submission);
        value.set("body", event.body());
        LedgerState state = event.retryable() ? LedgerState.DONE_RETRYABLE : LedgerState.DONE;
        write(requestId, state, fingerprint, lastCallStartedAt, json(value));
    }

    /** Reads a final result back from the topic. */
    public synchronized RecordedResult result(String requestId, LedgerEntry entry) {
        long resumeAt = consumer.position(partition);
        consumer.seek(partition, entry.offset());
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == entry.offset() && requestId.equals(record.key())) {
                        JsonNode value = JsonMapping.MAPPER.readTree(record.value());
                        ResultEvent event = new ResultEvent(ResultEvent.Kind.valueOf(value.get("kind").textValue()),
                                requestId, (ObjectNode) value.get("body"), value.get("ce_id").textValue(),
                                Instant.parse(value.get("time").textValue()), false);
                        return new RecordedResult(event, value.path("submission").asText(null));
                    }
                    if (record.offset() > entry.offset()) {
                        throw new IllegalStateException("ledger record " + entry.offset() + " of " + requestId + " is gone");
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("ledger record " + entry.offset() + " of " + requestId + " is not JSON", e);
        } finally {
            consumer.seek(partition, resumeAt);
        }
    }

    /** The fingerprint that decides whether two commands under one request id are the same. */
    public static long fingerprint(String currencyCode, String toAddress, BigDecimal amount) {
        byte[] hash = sha256(currencyCode + "\n" + toAddress + "\n" + amount.stripTrailingZeros().toPlainString());
        return ByteBuffer.wrap(hash).getLong();
    }

    private synchronized void write(String requestId, LedgerState state, long fingerprint, Instant callStartedAt,
                                    String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, requestId, value);
        Headers headers = record.headers();
        headers.add(STATE, state.wireName().getBytes(StandardCharsets.UTF_8));
        headers.add(FINGERPRINT, Long.toString(fingerprint).getBytes(StandardCharsets.UTF_8));
        if (callStartedAt != null) {
            headers.add(CALL_STARTED, Long.toString(callStartedAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        }
        RecordMetadata written;
        try {
            written = producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + requestId + " in the ledger", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not record " + requestId + " in the ledger", e.getCause());
        }
        apply(requestId, state, fingerprint, callStartedAt == null ? -1 : callStartedAt.toEpochMilli(), written.offset());
    }

    /** Reads every record up to the current end of the topic into the index. */
    private void catchUp() {
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                Headers headers = record.headers();
                String callStarted = header(headers, CALL_STARTED);
                apply(record.key(), LedgerState.fromWireName(header(headers, STATE)),
                        Long.parseLong(header(headers, FINGERPRINT)),
                        callStarted == null ? -1 : Long.parseLong(callStarted), record.offset());
            }
        }
    }

    private void apply(String requestId, LedgerState state, long fingerprint, long callStartedMillis, long offset) {
        long[] id = idHash(requestId);
        index.put(id[0], id[1], fingerprint, offset, state);
        lastCallStartedMillis = Math.max(lastCallStartedMillis, callStartedMillis);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long[] idHash(String requestId) {
        ByteBuffer hash = ByteBuffer.wrap(sha256(requestId));
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

    private static String json(JsonNode node) {
        try {
            return JsonMapping.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ledger record could not be serialized", e);
        }
    }
}
