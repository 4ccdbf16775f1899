package io.github.cryptocloudwithdrawals.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC §5.8: an internal topic whose settings would break the guarantees, and that the service
 * must not change itself, stops start-up with one line naming the topic and the setting (exit
 * code 2, like any other setting), before any command is read.
 */
@Timeout(120)
class InternalTopicSettingsIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a queue of 2 partitions             | submissions | 2 |                | it has 2 partitions, but a queue needs exactly 1",
            "a ledger cleaned by retention       | ledger      | 1 | delete         | cleanup.policy is delete, but the ledger needs exactly compact",
            "a replication factor above the brokers' number | none | 1 |          | WITHDRAWAL_INTERNAL_TOPICS_REPLICATION_FACTOR does not fit the cluster"})
    void aDangerousInternalTopicStopsStartUpWithOneLineNamingIt(String name, String topic, int partitions,
                                                               String cleanupPolicy, String expected) throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("topic-settings", TestKafka.bootstrapServers(), 300)) {
            String topicName = switch (topic) {
                case "submissions" -> scenario.submissionsTopic();
                case "ledger" -> scenario.ledgerTopic();
                default -> null;
            };
            if (topicName != null) {
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
                    NewTopic created = new NewTopic(topicName, partitions, (short) 1);
                    if (cleanupPolicy != null) {
                        created.configs(Map.of("cleanup.policy", cleanupPolicy));
                    }
                    admin.createTopics(List.of(created)).all().get(30, TimeUnit.SECONDS);
                }
            } else {
                scenario.set("WITHDRAWAL_INTERNAL_TOPICS_REPLICATION_FACTOR", "3");
            }
            scenario.publishNew("never-read");

            ServiceProcess service = scenario.launch();
            assertThat(service.waitForExit(Duration.ofSeconds(60))).as("exited").isTrue();

            assertThat(service.exitValue()).isEqualTo(2);
            assertThat(service.log().lines().filter(line -> line.startsWith("cryptocloud-withdrawals cannot start: ")))
                    .singleElement().satisfies(line -> {
                        assertThat(line).contains(expected);
                        if (topicName != null) {
                            assertThat(line).contains("internal topic " + topicName);
                        }
                    });
            assertThat(service.log()).doesNotContain(scenario.apiKey).doesNotContain("\tat ");
            assertThat(scenario.calls()).isEmpty();
        }
    }
}
