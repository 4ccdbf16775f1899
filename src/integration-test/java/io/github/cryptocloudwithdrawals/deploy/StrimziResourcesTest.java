package io.github.cryptocloudwithdrawals.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.kafka.InternalTopics;
import io.github.cryptocloudwithdrawals.kafka.PublicTopics;
import io.github.cryptocloudwithdrawals.testsupport.BundledSettings;
import io.github.cryptocloudwithdrawals.testsupport.CapturedLogs;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * deploy/strimzi/kafka-topics.yaml declares exactly the topics of the default deployment with the
 * settings the service wants: the names it derives, and topics made from the declarations pass the
 * service's own start-up review ({@link InternalTopics}, {@link PublicTopics}, run against a broker)
 * unchanged, with nothing created and nothing warned about. The KafkaUser's ACLs: {@link KafkaUserAclsTest}.
 */
class StrimziResourcesTest {

    @Test
    void declaresEveryTopicOfTheDefaultDeploymentReplicatedThreeTimes() throws IOException {
        Properties bundled = BundledSettings.load();
        DeploymentNames names = DeploymentNames.of(bundled.getProperty("withdrawal.commands-topic"), "", "");

        assertThat(topics().keySet()).containsExactlyInAnyOrder(names.commandsTopic(),
                bundled.getProperty("withdrawal.succeeded-topic"), bundled.getProperty("withdrawal.failed-topic"),
                names.resolutionsTopic(), names.submissionsTopic(null), names.ledgerTopic());
        assertThat(topics().values()).allSatisfy(topic -> {
            assertThat(topic.getMetadata().getLabels()).containsKey("strimzi.io/cluster");
            assertThat(topic.getSpec().getReplicas()).isEqualTo(3);
            assertThat(topic.getSpec().getConfig()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")
                    .containsEntry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
        });
        assertThat(topics().get(names.resolutionsTopic()).getSpec().getConfig())
                .containsAllEntriesOf(PublicTopics.BROKER_TIMESTAMPS);
        assertThat(topics().get(names.submissionsTopic(null)).getSpec().getPartitions()).isEqualTo(1);
        assertThat(topics().get(names.ledgerTopic()).getSpec().getPartitions()).isEqualTo(1);
    }

    @Test
    void topicsMadeFromTheDeclarationsPassTheServicesStartupReviewUnchanged() throws Exception {
        Properties bundled = BundledSettings.load();
        DeploymentNames names = DeploymentNames.of(bundled.getProperty("withdrawal.commands-topic"), "", "");
        String run = "strimzi-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Properties client = new Properties();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        // as the Topic Operator makes them, under this run's names: one test broker holds one replica
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(topics().values().stream().map(topic -> newTopic(run, topic)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Map<String, String>> before = describe(client, run);
        String queue = run + names.submissionsTopic(null);
        String ledger = run + names.ledgerTopic();
        String resolutions = run + names.resolutionsTopic();

        try (CapturedLogs logs = CapturedLogs.install()) {
            InternalTopics internal = new InternalTopics(() -> client, List.of(queue), ledger, Optional.of((short) 1),
                    Optional.of(1));
            internal.start();
            internal.stop();
            PublicTopics published = new PublicTopics(() -> client, List.of(run + names.commandsTopic(), resolutions),
                    Map.of(resolutions, PublicTopics.BROKER_TIMESTAMPS));
            published.start();
            published.stop();

            assertThat(logs.lines()).as("what the review said about this run's topics")
                    .noneMatch(line -> line.contains(run));
        }
        assertThat(describe(client, run)).as("the topics' settings after the review").isEqualTo(before);
    }

    /** The declared topics by topic name. */
    static Map<String, KafkaTopic> topics() {
        return Manifests.read(Manifests.STRIMZI.resolve("kafka-topics.yaml")).stream()
                .map(document -> StrictModel.parse(document, KafkaTopic.class, "kafka-topics.yaml"))
                .collect(Collectors.toMap(topic -> topic.getSpec().getTopicName(), topic -> topic));
    }

    /**
     * The topic as the Topic Operator creates it, under the run's name, on a broker of one node:
     * one replica, so min.insync.replicas 1 (2 of 1 replica would refuse every write).
     */
    static NewTopic newTopic(String run, KafkaTopic topic) {
        Map<String, String> config = new HashMap<>();
        topic.getSpec().getConfig().forEach((name, value) -> config.put(name, String.valueOf(value)));
        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
        return new NewTopic(run + topic.getSpec().getTopicName(), topic.getSpec().getPartitions(), (short) 1).configs(config);
    }

    /** The topics' settings as the broker has them (defaults included). */
    private static Map<String, Map<String, String>> describe(Properties client, String run) throws Exception {
        try (Admin admin = Admin.create(client)) {
            List<ConfigResource> resources = topics().keySet().stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, run + name)).toList();
            return admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(entry -> entry.getKey().name(), entry -> entry.getValue().entries().stream()
                            .filter(setting -> setting.value() != null)
                            .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value))));
        }
    }
}
