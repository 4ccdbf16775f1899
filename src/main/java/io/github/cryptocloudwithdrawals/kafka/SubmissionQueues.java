package io.github.cryptocloudwithdrawals.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts' queues as this instance consumes them. A queue keeps its records until they are
 * consumed (no retention: a command may wait for days behind a backlog), so the instance holding
 * a queue deletes what its submitter has consumed and committed, now and then, the way Kafka
 * Streams purges its repartition topics. And it tells whether this instance still holds a queue,
 * as the group coordinator sees it.
 */
public final class SubmissionQueues extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionQueues.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<Properties> connection;
    private final long purgeIntervalNanos;
    /** By queue: when this instance last asked Kafka to delete its consumed records. */
    private final Map<String, Long> lastPurgeNanos = new ConcurrentHashMap<>();
    /** Queues whose purge failed, so the failure is logged once, not after every command. */
    private final Set<String> purgeFailed = ConcurrentHashMap.newKeySet();
    private volatile Admin admin;

    /** @param purgeIntervalMillis the least time between two purges of one queue (0: after every command) */
    public SubmissionQueues(Supplier<Properties> connection, long purgeIntervalMillis) {
        this.connection = connection;
        this.purgeIntervalNanos = Duration.ofMillis(purgeIntervalMillis).toNanos();
    }

    /**
     * Route step, after the submission's offset was committed: deletes the queue's records up to
     * it, at most once per interval. It never fails the exchange: the command is answered, and
     * a purge that fails now is tried again later.
     */
    public void consumed(Exchange exchange) {
        Message message = exchange.getMessage();
        String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
        Integer partition = message.getHeader(KafkaConstants.PARTITION, Integer.class);
        Long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
        if (topic == null || partition == null || offset == null) {
            return;
        }
        long now = System.nanoTime();
        Long last = lastPurgeNanos.get(topic);
        if (last != null && now - last < purgeIntervalNanos) {
            return;
        }
        lastPurgeNanos.put(topic, now);
        try {
            // offsets before the committed one (the next to read) were consumed and answered
            admin().deleteRecords(Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset + 1)))
                    .all().whenComplete((done, failure) -> purged(topic, failure));
        } catch (RuntimeException e) {
            purged(topic, e);
        }
    }

    /**
     * Whether this instance still holds the queue the exchange's submission came from: whether
     * the group coordinator lists this instance's submitter, by its member id, with the queue's
     * partition assigned. While a member is listed with a partition nobody else can have it; a
     * member that missed its session or its poll deadline is not listed any more. Called on the
     * submitter's own thread (the consumer's group metadata is read there).
     *
     * @throws IllegalStateException when Kafka cannot tell now
     */
    public boolean holds(Exchange exchange) {
        Object commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT);
        if (!(commit instanceof DefaultKafkaManualCommit manualCommit)) {
            throw new IllegalStateException("the exchange does not come from a Kafka consumer with manual commits");
        }
        ConsumerGroupMetadata member = manualCommit.getConsumer().groupMetadata();
        TopicPartition partition = manualCommit.getPartition();
        try {
            ConsumerGroupDescription group = admin().describeConsumerGroups(List.of(member.groupId()),
                            new DescribeConsumerGroupsOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()))
                    .describedGroups().get(member.groupId()).get(CHECK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return group.members().stream().anyMatch(listed -> listed.consumerId().equals(member.memberId())
                    && listed.assignment().topicPartitions().contains(partition));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking who holds " + partition, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka cannot tell now who holds " + partition + ": " + e.getMessage(), e);
        }
    }

    private void purged(String topic, Throwable failure) {
        if (failure == null) {
            purgeFailed.remove(topic);
        } else if (purgeFailed.add(topic)) {
            LOG.warn("the consumed commands of queue {} could not be deleted ({}); the queue keeps them until a later "
                    + "purge succeeds (the service's Kafka user needs the Delete permission on it)", topic, failure.getMessage());
        }
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(connection.get());
                }
                current = admin;
            }
        }
        return current;
    }

    @Override
    protected void doStart() {
        // the admin client is created on first use
    }

    @Override
    protected synchronized void doStop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
