package io.github.cryptocloudwithdrawals.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120)
class EmbeddedKafkaBrokerTest {

    @Test
    void recordWithHeaderRoundTrips() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic("smoke", 3);
            broker.createTopic("smoke", 3); // a second call is a no-op

            produce(broker.clientProperties(), "smoke", "key-1", "{\"hello\":\"kafka\"}", "trace-id", "abc-123");
            ConsumerRecord<String, String> received = consumeOne(broker.clientProperties(), "smoke");

            assertThat(received.key()).isEqualTo("key-1");
            assertThat(received.value()).isEqualTo("{\"hello\":\"kafka\"}");
            Header header = received.headers().lastHeader("trace-id");
            assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo("abc-123");
        }
    }

    /** The ledger's transactions run as on a new 4.x production cluster: transaction version 2 (KIP-890). */
    @Test
    void runsTransactionsUnderTransactionVersion2() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            assertThat(TransactionVersion.of(broker.clientProperties())).isEqualTo((short) 2);
        }
    }

    @Test
    void closeDeletesTheLogDirectory() throws Exception {
        Path logDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            logDir = broker.logDirectory();
            assertThat(logDir).isDirectory();
        }
        assertThat(Files.exists(logDir)).isFalse();
    }

    @Test
    void saslPlainBrokerAcceptsItsUserAndRejectsAWrongPassword() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startWithSaslPlain("payouts", "s3cret")) {
            broker.createTopic("secured", 1);

            produce(broker.clientProperties(), "secured", "k", "v", "h", "x");
            assertThat(consumeOne(broker.clientProperties(), "secured").value()).isEqualTo("v");

            Map<String, Object> wrongPassword = new HashMap<>(broker.clientProperties());
            wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
                    + " required username=\"payouts\" password=\"wrong\";");
            wrongPassword.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            assertThatThrownBy(() -> produce(wrongPassword, "secured", "k", "v", "h", "x"))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aStoppedBrokerStartsAgainOnTheSameAddressWithItsData() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String address = broker.bootstrapServers();
            broker.createTopic("durable", 1);
            produce(broker.clientProperties(), "durable", "before", "1", "h", "x");

            broker.stop();
            broker.startAgain();

            assertThat(broker.bootstrapServers()).isEqualTo(address);
            produce(broker.clientProperties(), "durable", "after", "2", "h", "y");
            assertThat(consumeAll(broker.clientProperties(), "durable", 2)).extracting(ConsumerRecord::key)
                    .containsExactly("before", "after");
        }
    }

    @Test
    void sharedBrokerIsStartedOnceAndReused() {
        assertThat(TestKafka.bootstrapServers()).isNotBlank().isEqualTo(TestKafka.bootstrapServers());
    }

    private static void produce(Map<String, Object> clientProperties, String topic, String key, String value,
                                String headerName, String headerValue) throws Exception {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            record.headers().add(headerName, headerValue.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> consumeAll(Map<String, Object> clientProperties, String topic,
                                                                   int expected) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "all-" + topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            // a Kafka consumer is used by one thread: the one that made it
            Waits.waitFor(expected + " records on " + topic).atMost(Duration.ofSeconds(30)).pollInSameThread()
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                        return received.size() >= expected;
                    });
            return received;
        }
    }

    private static ConsumerRecord<String, String> consumeOne(Map<String, Object> clientProperties, String topic) {
        List<ConsumerRecord<String, String>> received = consumeAll(clientProperties, topic, 1);
        assertThat(received).hasSize(1);
        return received.get(0);
    }
}
