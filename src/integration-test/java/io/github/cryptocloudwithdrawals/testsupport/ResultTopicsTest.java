package io.github.cryptocloudwithdrawals.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader every pipeline test uses holds each result event to the contract: an event that
 * breaks it fails the test that looks at the events, naming the event and what is wrong.
 */
@Timeout(120)
class ResultTopicsTest {

    private static final String FAILURE = "{\"request_id\":\"payout-7\",\"error\":{\"type\":\"rejected\",\"message\":\"CryptoCloud "
            + "rejected the withdrawal (HTTP 400): network: Invalid address for network\",\"field\":null,\"http_status\":400,"
            + "\"api_error\":{\"status\":\"error\",\"result\":{\"network\":\"Invalid address for network\"}}},\"retryable\":false,"
            + "\"command\":{\"request_id\":\"payout-7\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\","
            + "\"amount\":3},\"failed_at\":\"2026-12-06T22:46:30.264Z\"}";

    @Test
    void anEventThatBreaksTheContractFailsTheTestThatLooksAtTheEvents() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String succeeded = "contract-succeeded-" + run;
        String failed = "contract-failed-" + run;
        ResultTopics results = new ResultTopics(TestKafka.bootstrapServers(), succeeded, failed);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(event(failed, "payout-7", FAILURE, "plus.cryptocloud.withdrawal.failed")).get();
            assertThat(results.await(seen -> seen.size() == 1, Duration.ofSeconds(60))).as("an event that keeps it").hasSize(1);

            // a failure on the succeeded topic, retryable although rejected, under another key
            producer.send(event(succeeded, "payout-8", FAILURE.replace("\"retryable\":false", "\"retryable\":true"),
                    "plus.cryptocloud.withdrawal.failed")).get();
            assertThatThrownBy(() -> results.await(seen -> seen.size() == 2, Duration.ofSeconds(60)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("result events that break the contract")
                    .hasMessageContaining("required property 'invoice_id' not found")
                    .hasMessageContaining("/ce_type: must be the constant value 'plus.cryptocloud.withdrawal.succeeded'")
                    .hasMessageContaining("the record key is payout-8, not the request_id payout-7")
                    .hasMessageContaining("in the event on " + succeeded + " key=payout-8");
        } finally {
            assertThatThrownBy(results::close).as("closing, as a test class ends").isInstanceOf(AssertionError.class);
        }
    }

    private static ProducerRecord<String, String> event(String topic, String key, String body, String type) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, body);
        Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "urn:cryptocloud-withdrawals",
                "ce_type", type, "ce_time", "2026-12-06T22:46:30.264Z", "ce_subject", "payout-7",
                "content-type", "application/json")
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
