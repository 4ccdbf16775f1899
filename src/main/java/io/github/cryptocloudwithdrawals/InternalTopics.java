package io.github.cryptocloudwithdrawals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the service's own topics before the routes start, each with one partition: an
 * account's submissions topic because one partition means one submitter (one caller per API
 * key), the ledger because its records must stay in the order they were written.
 */
final class InternalTopics extends ServiceSupport {

    private final Supplier<Properties> connection;
    private final List<String> submissionsTopics;
    private final String ledgerTopic;

    InternalTopics(Supplier<Properties> connection, List<String> submissionsTopics, String ledgerTopic) {
        this.connection = connection;
        this.submissionsTopics = List.copyOf(submissionsTopics);
        this.ledgerTopic = ledgerTopic;
    }

    @Override
    protected void doStart() throws InterruptedException {
        try (Admin admin = Admin.create(connection.get())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> wanted = new ArrayList<>();
            submissionsTopics.forEach(topic -> wanted.add(new NewTopic(topic, Optional.of(1), Optional.empty())));
            wanted.add(new NewTopic(ledgerTopic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            List<NewTopic> missing = wanted.stream().filter(topic -> !existing.contains(topic.name()))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the topics " + submissionsTopics + " and "
                        + ledgerTopic + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    @Override
    protected void doStop() {
        // nothing to release: the admin client lives only during start
    }
}
