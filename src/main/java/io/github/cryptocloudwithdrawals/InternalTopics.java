package io.github.cryptocloudwithdrawals;

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
 * Creates the service's own topics before the routes start, each with one partition: the
 * submissions topic because one partition means one submitter (one caller per API key), the
 * ledger because its records must stay in the order they were written.
 */
final class InternalTopics extends ServiceSupport {

    private final Supplier<Properties> connection;
    private final String submissionsTopic;
    private final String ledgerTopic;

    InternalTopics(Supplier<Properties> connection, String submissionsTopic, String ledgerTopic) {
        this.connection = connection;
        this.submissionsTopic = submissionsTopic;
        this.ledgerTopic = ledgerTopic;
    }

    @Override
    protected void doStart() throws InterruptedException {
        try (Admin admin = Admin.create(connection.get())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = List.of(
                    new NewTopic(submissionsTopic, Optional.of(1), Optional.empty()),
                    new NewTopic(ledgerTopic, Optional.of(1), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))
                    .stream().filter(topic -> !existing.contains(topic.name())).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the topics " + submissionsTopic + " and "
                        + ledgerTopic + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    @Override
    protected void doStop() {
        // nothing to release: the admin client lives only during start
    }
}
