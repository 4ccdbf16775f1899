package io.github.cryptocloudwithdrawals.kafka;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics users publish to and read from (commands, succeeded, failed, resolutions) before the
 * routes start, when they are missing, with the broker's default partitions and replication.
 * Left to the broker's automatic creation they would come into being all the same, on the first
 * read or write, but with a warning per client that the topic is unknown. Users who want other
 * partition counts (the commands topic's bound the intake's parallelism) create them first.
 */
public final class PublicTopics extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PublicTopics.class);
    private static final long TIMEOUT_SECONDS = 60;

    private final Supplier<Properties> connection;
    private final List<String> topics;

    public PublicTopics(Supplier<Properties> connection, List<String> topics) {
        this.connection = connection;
        this.topics = List.copyOf(topics);
    }

    @Override
    protected void doStart() throws InterruptedException {
        try (Admin admin = Admin.create(connection.get())) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> missing = topics.stream().filter(topic -> !existing.contains(topic)).distinct().toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing.stream().map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty()))
                    .toList()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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

    @Override
    protected void doStop() {
        // nothing to release: the admin client lives only during start
    }
}
