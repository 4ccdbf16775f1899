package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka security is configuration, not code: against a broker that only speaks SASL/PLAIN, the
 * service works with nothing but Camel's Kafka component settings (which users set as
 * CAMEL_COMPONENT_KAFKA_SECURITY_PROTOCOL, _SASL_MECHANISM, _SASL_JAAS_CONFIG). That covers the
 * routes' clients and the service's own (ledger, topic set-up, metrics).
 */
class KafkaSaslTest extends PipelineTestSupport {

    private static final EmbeddedKafkaBroker SASL_BROKER = EmbeddedKafkaBroker.startWithSaslPlain("payouts", "s3cret-pass");

    @Override
    protected Map<String, Object> kafkaClient() {
        return SASL_BROKER.clientProperties();
    }

    @Override
    protected void overrideSettings(Properties settings) {
        Map<String, Object> client = SASL_BROKER.clientProperties();
        settings.put("camel.component.kafka.security-protocol", client.get("security.protocol"));
        settings.put("camel.component.kafka.sasl-mechanism", client.get("sasl.mechanism"));
        settings.put("camel.component.kafka.sasl-jaas-config", client.get("sasl.jaas.config"));
    }

    @Test
    void paysACommandThroughABrokerThatRequiresSaslPlain() {
        assertThat(SASL_BROKER.clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT");
        String id = requestId("sasl");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "3"));

        var event = results().awaitRequests(Duration.ofSeconds(30), id).get(id);

        assertThat(event.topic()).isEqualTo(succeededTopic());
        assertThat(sandbox().requests()).hasSize(1);
        // the queue's offset is committed after the event is published
        waitFor("no command pending in the metrics").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(management("/observe/metrics").body())
                        .containsPattern("withdrawals_commands_pending\\{account=\"default\",stage=\"submission\"} 0"));
    }

    @AfterAll
    void stopBroker() {
        SASL_BROKER.close();
    }
}
