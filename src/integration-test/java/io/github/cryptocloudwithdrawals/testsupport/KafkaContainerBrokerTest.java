package io.github.cryptocloudwithdrawals.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The container Testcontainers would run, as configured: nothing here asks for a Docker engine
 * (resolving the image, starting), so it runs where there is none.
 */
@Timeout(30)
class KafkaContainerBrokerTest {

    @Test
    void runsTheComposeFilesKafkaImageWithTheSettingsOfTheEmbeddedBroker() {
        String image = KafkaContainerBroker.composeImage();
        assertThat(image).as("docker-compose.yml's kafka image").startsWith("apache/kafka:");

        KafkaContainer container = KafkaContainerBroker.container(image);
        assertThat(container.getEnvMap()).containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsEntry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .containsEntry("KAFKA_LOG_RETENTION_CHECK_INTERVAL_MS", "1000");
        EmbeddedKafkaBroker.TEST_SETTINGS.forEach((setting, value) -> assertThat(container.getEnvMap())
                .containsEntry(KafkaContainerBroker.variable(setting), value));
    }
}
