package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §2 and the README: Kafka security settings are set without code changes through Camel's
 * component variables ({@code CAMEL_COMPONENT_KAFKA_SECURITY_PROTOCOL}, ...). Here the packaged
 * service gets exactly the README's variables for a broker that accepts only SASL/PLAIN.
 *
 * <p>Camel 4.18.0 and 4.22.0 themselves ignore every {@code CAMEL_COMPONENT_*} variable (its debug log says
 * "Gathered 0 ENV variables to configure components"); the service maps the Kafka ones itself
 * (KafkaClientEnvironment). Without that, the service would connect in PLAINTEXT, the broker would
 * drop it, and start-up would hang in the topic set-up.
 */
@Timeout(120)
class KafkaSettingsFromEnvironmentIT {

    @Test
    void saslSettingsFromCamelComponentVariablesReachTheBroker() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startWithSaslPlain("payouts", "s3cret");
             ProcessScenario scenario = new ProcessScenario("sasl-env", broker.clientProperties(), 300)) {
            scenario.set("CAMEL_COMPONENT_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .set("CAMEL_COMPONENT_KAFKA_SASL_MECHANISM", "PLAIN")
                    .set("CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule"
                            + " required username=\"payouts\" password=\"s3cret\";");
            String paid = scenario.publishNew("over-sasl");
            ServiceProcess service = scenario.launch();
            // Started in a few seconds when the settings apply; without them start-up hangs for the
            // admin client's 60 s timeout, which this test need not sit out.
            service.awaitStarted(Duration.ofSeconds(30));
            scenario.awaitResults(List.of(paid), WAIT);

            assertThat(scenario.eventsFor(paid).get(0).topic()).isEqualTo(scenario.succeededTopic());
            assertThat(service.log()).doesNotContain("s3cret");
        }
    }
}
