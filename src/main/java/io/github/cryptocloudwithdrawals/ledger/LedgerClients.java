package io.github.cryptocloudwithdrawals.ledger;

import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Every Kafka client of the ledger, on the service's connection settings (brokers, security):
 * readers outside any group that set their offsets themselves, and the accounts' transactional
 * writers.
 */
final class LedgerClients {

    /** Each transaction is one small write; a writer that stalls longer than this is aborted by Kafka. */
    private static final int TRANSACTION_TIMEOUT_MS = 15_000;
    /**
     * Longest wait for Kafka in one step of a write (init, send, commit, abort): below the
     * transaction timeout, after which Kafka aborts the transaction anyway. A write that fails
     * this way is tried again from the start; the default (60 s) held an account's queue that
     * long per attempt.
     */
    private static final int MAX_BLOCK_MS = 10_000;

    private final String topic;
    private final Supplier<Properties> kafkaClientProperties;

    LedgerClients(String topic, Supplier<Properties> kafkaClientProperties) {
        this.topic = topic;
        this.kafkaClientProperties = kafkaClientProperties;
    }

    /** A reader of the ledger partition; values stay bytes (loading never decodes them). */
    KafkaConsumer<String, byte[]> consumer(IsolationLevel isolation, int maxPollRecords, int maxFetchBytes) {
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

    /** Reads at the ledger's end for one caller, with consumers of its own. */
    TailReads tailReads(int maxPollRecords, int maxFetchBytes) {
        return new TailReads(consumer(IsolationLevel.READ_UNCOMMITTED, maxPollRecords, maxFetchBytes),
                consumer(IsolationLevel.READ_COMMITTED, 1, 1), topic);
    }

    /** Reads at the ledger's end for one account's stage or the resolutions: one result asked for at a time. */
    TailReads accountReads() {
        // a fetch returns at least one whole record batch, however small its limit
        return tailReads(1, 64 << 10);
    }

    /** A writer under this transactional id: whoever initialises it fences the previous writer of the id. */
    KafkaProducer<String, String> writer(String transactionalId) {
        Properties properties = new Properties();
        properties.putAll(kafkaClientProperties.get());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(TRANSACTION_TIMEOUT_MS));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(MAX_BLOCK_MS));
        return new KafkaProducer<>(properties);
    }
}
