package io.github.cryptocloudwithdrawals.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics users publish to and read from (commands, succeeded, failed, resolutions) before the
 * routes start, when they are missing, with the broker's default partitions and replication and
 * the settings the service needs of some of them. Left to the broker's automatic creation they
 * would come into being all the same, on the first read or write, but with a warning per client
 * that the topic is unknown. Users who want other partition counts (the commands topic's bound the
 * intake's parallelism) create them first; such a topic without the settings gets a warning that
 * names the command to set them.
 */
public final class PublicTopics extends ServiceSupport {

    /** Records carry the time the broker appended them, whatever clock their producer runs on. */
    public static final Map<String, String> BROKER_TIMESTAMPS =
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    private static final Logger LOG = LoggerFactory.getLogger(PublicTopics.class);
    private static final long TIMEOUT_SECONDS = 60;

    private final Supplier<Properties> connection;
    private final List<String> topics;
    private final Map<String, Map<String, String>> settings;

    /** @param settings by topic, the topic settings it is created with (none for a topic not named) */
    public PublicTopics(Supplier<Properties> connection, List<String> topics, Map<String, Map<String, String>> settings) {
        this.connection = connection;
        this.topics = List.copyOf(topics);
        this.settings = Map.copyOf(settings);
    }

    @Override
    protected void doStart() throws InterruptedException {
        try (Admin admin = Admin.create(connection.get())) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            checkSettings(admin, settings.keySet().stream().filter(existing::contains).toList());
            List<String> missing = topics.stream().filter(topic -> !existing.contains(topic)).distinct().toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing.stream().map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty())
                    .configs(settings.getOrDefault(topic, Map.of()))).toList()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("created the topics {} with the broker's default partitions and replication", missing);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create the topics " + topics + " within " + TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the topics " + topics + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }

    /**
     * Warns about each setting an existing topic lacks: the service runs without it (a user made
     * the topic, or an earlier version of the service did), and a user may not be allowed to change it.
     */
    private void checkSettings(Admin admin, List<String> existing) throws InterruptedException, TimeoutException {
        List<ConfigResource> resources = existing.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .toList();
        Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            LOG.warn("could not check the settings of the topics {}: {}", existing, e.getCause().getMessage());
            return;
        }
        configs.forEach((resource, config) -> settings.get(resource.name()).forEach((name, wanted) -> {
            ConfigEntry entry = config.get(name);
            String value = entry == null ? null : entry.value();
            if (!wanted.equals(value)) {
                LOG.warn("the topic {} has {}={}, not {}: set it with kafka-configs.sh --bootstrap-server <brokers> "
                        + "--alter --entity-type topics --entity-name {} --add-config {}={} (docs/operations.md: Topics)",
                        resource.name(), name, value, wanted, resource.name(), name, wanted);
            }
        }));
    }

    @Override
    protected void doStop() {
        // nothing to release: the admin client lives only during start
    }
}
