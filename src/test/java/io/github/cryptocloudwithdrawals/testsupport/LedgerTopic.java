package io.github.cryptocloudwithdrawals.testsupport;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The service's ledger topic as an outsider sees it: its records read back (for assertions and
 * diagnostics only: the service's own format is not a contract), and another client's
 * transaction left open on its partition, as any client of the cluster may do.
 */
public final class LedgerTopic {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * One record as written.
     *
     * @param state the record's {@code state} header, or {@code null} for a record without one
     * @param value the value as text, or {@code null} for a tombstone
     */
    public record LedgerRecord(long offset, String key, String state, String value, Map<String, String> headers,
                               long timestampMillis) {

        /** The request id of the key (a named account's keys are prefixed with the account). */
        public String requestId() {
            return key.substring(key.indexOf('/') + 1);
        }

        /** When the call the record is about started, or {@code null} when it names none. */
        public Long callStartedMillis() {
            String started = headers.get("call_started_ms");
            return started == null ? null : Long.valueOf(started);
        }

        /** The process id of the instance that wrote the record ("pid@host#start"). */
        public long pid() {
            String instance = headers.get("instance");
            return Long.parseLong(instance.substring(0, instance.indexOf('@')));
        }
    }

    private final Map<String, Object> client;
    private final String topic;

    public LedgerTopic(Map<String, Object> client, String topic) {
        this.client = Map.copyOf(client);
        this.topic = topic;
    }

    /** Every committed record, oldest first, as the service reads them. */
    public List<LedgerRecord> committed() {
        return read("read_committed");
    }

    /** Every record written so far, those of transactions still open or aborted included. */
    public List<LedgerRecord> written() {
        return read("read_uncommitted");
    }

    /**
     * Waits until a record written so far (committed or not) matches, reading the topic as it
     * grows; fails after the deadline.
     */
    public LedgerRecord awaitWritten(Predicate<LedgerRecord> matching, String what) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<LedgerRecord> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("read_uncommitted")) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // a Kafka consumer is used by one thread: the one that made it
            return waitFor(what + " in the ledger " + topic).atMost(WAIT).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                    seen.add(toLedgerRecord(record));
                }
                return seen.stream().filter(matching).findFirst().orElse(null);
            }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + WAIT + " waiting for " + what + " in the ledger " + topic
                    + "; it holds " + seen, e);
        }
    }

    /**
     * Another client's transactional producer on the ledger topic, ready to open a transaction at
     * once (its initialisation, which takes a while, is done here). Close it when done.
     */
    public ForeignWriter foreignWriter() {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "foreign-writer-" + UUID.randomUUID());
        // longer than any test keeps it open: the broker must not abort it on its own
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "300000");
        KafkaProducer<String, String> producer = new KafkaProducer<>(settings);
        try {
            producer.initTransactions();
            return new ForeignWriter(producer, topic);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Another client's transactional producer on the ledger partition. */
    public static final class ForeignWriter implements AutoCloseable {

        private final KafkaProducer<String, String> producer;
        private final String topic;
        private boolean open;

        private ForeignWriter(KafkaProducer<String, String> producer, String topic) {
            this.producer = producer;
            this.topic = topic;
        }

        /**
         * Begins a transaction, writes one record in it and leaves it open until {@link #close()}
         * aborts it. While it is open, read_committed readers of the partition see nothing past
         * that record (the last stable offset stays there).
         *
         * @return the offset of its record
         */
        public long openTransaction() {
            producer.beginTransaction();
            open = true;
            try {
                return producer.send(new ProducerRecord<>(topic, 0, "foreign-writer", "not the service's record"))
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).offset();
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not write in a transaction on " + topic, e);
            }
        }

        /** Aborts the open transaction, if any, and closes the producer. */
        @Override
        public void close() {
            try {
                if (open) {
                    producer.abortTransaction();
                }
            } finally {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    private List<LedgerRecord> read(String isolation) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = consumer(isolation)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<LedgerRecord> records = new ArrayList<>();
            waitFor("the ledger " + topic + " read up to offset " + end).atMost(WAIT).pollInSameThread().until(() -> {
                if (consumer.position(partition) < end) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> records.add(toLedgerRecord(record)));
                }
                return consumer.position(partition) >= end;
            });
            return records;
        }
    }

    private KafkaConsumer<String, String> consumer(String isolation) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(settings);
    }

    private static LedgerRecord toLedgerRecord(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new LedgerRecord(record.offset(), record.key(), headers.get("state"), record.value(),
                Map.copyOf(headers), record.timestamp());
    }
}
