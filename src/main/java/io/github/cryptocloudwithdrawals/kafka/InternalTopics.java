package io.github.cryptocloudwithdrawals.kafka;

import io.github.cryptocloudwithdrawals.kafka.InternalTopicSettings.Kind;
import io.github.cryptocloudwithdrawals.kafka.InternalTopicSettings.Review;
import io.github.cryptocloudwithdrawals.settings.InvalidSettingException;
import io.github.cryptocloudwithdrawals.settings.ServiceSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the service's own topics before the routes start, each with one partition (an
 * account's submissions topic because one partition means one submitter, one caller per API
 * key; the ledger because its records must stay in the order they were written) and the
 * settings of {@link InternalTopicSettings}, and reviews those that exist: a setting that would
 * break the guarantees is corrected, or stops start-up.
 */
public final class InternalTopics extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopics.class);
    private static final long TIMEOUT_SECONDS = 60;

    private final Supplier<Properties> connection;
    private final List<String> submissionsTopics;
    private final String ledgerTopic;
    private final Optional<Short> replicationFactor;
    private final Optional<Integer> minInsyncReplicas;

    /**
     * @param replicationFactor of topics it creates; empty: the broker's default.replication.factor
     * @param minInsyncReplicas of topics it creates; empty: the broker's min.insync.replicas
     */
    public InternalTopics(Supplier<Properties> connection, List<String> submissionsTopics, String ledgerTopic,
                   Optional<Short> replicationFactor, Optional<Integer> minInsyncReplicas) {
        this.connection = connection;
        this.submissionsTopics = List.copyOf(submissionsTopics);
        this.ledgerTopic = ledgerTopic;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    @Override
    protected void doStart() throws InterruptedException {
        Map<String, Kind> topics = new LinkedHashMap<>();
        submissionsTopics.forEach(topic -> topics.put(topic, Kind.QUEUE));
        topics.put(ledgerTopic, Kind.LEDGER);
        try (Admin admin = Admin.create(connection.get())) {
            // the ones created here have the settings already (and may not be known to every broker yet)
            createMissing(admin, topics).forEach(topics::remove);
            if (!topics.isEmpty()) {
                review(admin, topics);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set up the topics " + topics.keySet() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not set up the topics " + topics.keySet() + " within "
                    + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** @return the topics created here */
    private Set<String> createMissing(Admin admin, Map<String, Kind> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<NewTopic> missing = topics.entrySet().stream().filter(topic -> !existing.contains(topic.getKey()))
                .map(topic -> new NewTopic(topic.getKey(), Optional.of(1), replicationFactor)
                        .configs(InternalTopicSettings.forNewTopic(topic.getValue(), minInsyncReplicas)))
                .collect(Collectors.toList());
        Set<String> createdHere = new HashSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
            try {
                created.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                createdHere.add(created.getKey());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof InvalidReplicationFactorException invalid) {
                    throw new InvalidSettingException(ServiceSettings.environmentVariable(
                            ServiceSettings.REPLICATION_FACTOR) + " does not fit the cluster: " + invalid.getMessage());
                }
                // another instance created it meanwhile: it is reviewed like any existing topic
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return createdHere;
    }

    private void review(Admin admin, Map<String, Kind> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<ConfigResource> resources = topics.keySet().stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<String, TopicDescription> descriptions;
        Map<ConfigResource, Config> configs;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                descriptions = admin.describeTopics(topics.keySet()).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                break;
            } catch (ExecutionException e) {
                // just created by another instance: not every broker knows it yet
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        for (ConfigResource resource : resources) {
            String topic = resource.name();
            Map<String, String> settings = configs.get(resource).entries().stream()
                    .filter(entry -> entry.value() != null)
                    .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
            Review review = InternalTopicSettings.review(topics.get(topic), topic,
                    descriptions.get(topic).partitions().size(), settings);
            if (review.refusal().isPresent()) {
                throw new InvalidSettingException(review.refusal().get());
            }
            if (!review.corrections().isEmpty()) {
                correct(admin, resource, review.corrections(), settings);
            }
        }
    }

    private static void correct(Admin admin, ConfigResource topic, Map<String, String> corrections,
                                Map<String, String> settings) throws InterruptedException, TimeoutException {
        Collection<AlterConfigOp> changes = new ArrayList<>();
        corrections.forEach((name, value) -> changes.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)));
        String described = corrections.keySet().stream().map(name -> name + " " + settings.get(name) + " -> " + corrections.get(name))
                .collect(Collectors.joining(", "));
        try {
            admin.incrementalAlterConfigs(Map.of(topic, changes)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new InvalidSettingException("internal topic " + topic.name() + ": " + described.replace(" -> ", " must be ")
                    + " (queued commands must never expire unread, acknowledged records never be lost), and the service "
                    + "could not change it: " + e.getCause().getMessage());
        }
        LOG.warn("internal topic {}: corrected {} (queued commands must never expire unread, acknowledged records "
                + "never be lost)", topic.name(), described);
    }

    @Override
    protected void doStop() {
        // nothing to release: the admin client lives only during start
    }
}
