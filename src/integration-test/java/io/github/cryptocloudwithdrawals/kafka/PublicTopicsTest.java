package io.github.cryptocloudwithdrawals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.CapturedLogs;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/** The public topics on a real broker: created with the settings the service needs, or told what they lack. */
@Timeout(60)
@Isolated("it reads the log: a service starting in another test class renews the logging set-up")
class PublicTopicsTest {

    private static final String TIMESTAMP_TYPE = TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG;

    @Test
    void aMissingTopicIsCreatedWithItsSettingsAndAnExistingOneWithoutThemIsNamedWithTheCommandThatSetsThem()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String made = "resolutions-made-by-an-operator-" + run;
        String missing = "resolutions-missing-" + run;
        String plain = "commands-" + run;
        Properties connection = new Properties();
        connection.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        try (Admin admin = Admin.create(connection); CapturedLogs logs = CapturedLogs.install()) {
            admin.createTopics(List.of(new NewTopic(made, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

            PublicTopics topics = new PublicTopics(() -> connection, List.of(plain, made, missing),
                    Map.of(made, PublicTopics.BROKER_TIMESTAMPS, missing, PublicTopics.BROKER_TIMESTAMPS));
            topics.start();

            assertThat(timestampType(admin, missing)).isEqualTo("LogAppendTime");
            assertThat(timestampType(admin, plain)).as("a topic with no settings of its own").isEqualTo("CreateTime");
            assertThat(timestampType(admin, made)).as("an existing topic is left as it is").isEqualTo("CreateTime");
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("WARN " + PublicTopics.class.getName()))
                    .singleElement().satisfies(line -> assertThat(line)
                            .contains("the topic " + made + " has message.timestamp.type=CreateTime, not LogAppendTime")
                            .contains("--entity-name " + made + " --add-config message.timestamp.type=LogAppendTime"));
        }
    }

    private static String timestampType(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        return config.get(TIMESTAMP_TYPE).value();
    }
}
