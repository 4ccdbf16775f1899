package io.github.cryptocloudwithdrawals.kafka;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.deployment.StartRefusingService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a deployment over from earlier versions, whose internal topics had fixed names for
 * every deployment and whose submitter groups derived from {@code KAFKA_GROUP_ID}. Runs before
 * the internal topics are created and before any route consumes:
 * <ul>
 *   <li>start-up stops when the deployment would begin an empty ledger while the former one may
 *       hold its history (see {@link DeploymentNames#mayHaveHistoryInFormerLedger});</li>
 *   <li>a submitter group with no committed offset on its queue takes over the offset of the
 *       account's former group, so an upgrade reads no submission twice.</li>
 * </ul>
 */
public final class EarlierVersionUpgrade extends StartRefusingService {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(EarlierVersionUpgrade.class);

    private final Supplier<Properties> connection;
    private final DeploymentNames deployment;
    private final String groupId;
    private final List<PayoutAccount> accounts;

    /** @param groupId {@code KAFKA_GROUP_ID}, from which earlier versions derived the submitter groups */
    public EarlierVersionUpgrade(Supplier<Properties> connection, DeploymentNames deployment, String groupId,
                          List<PayoutAccount> accounts) {
        this.connection = connection;
        this.deployment = deployment;
        this.groupId = groupId;
        this.accounts = List.copyOf(accounts);
    }

    @Override
    protected void doStart() throws InterruptedException, VetoCamelContextStartException {
        try (Admin admin = Admin.create(connection.get())) {
            Set<String> topics = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (deployment.mayHaveHistoryInFormerLedger(topics)) {
                Optional<String> conflict = formerLedgerConflict();
                if (conflict.isPresent()) {
                    throw refusal(conflict.get());
                }
            }
            for (PayoutAccount account : accounts) {
                carryOffsetOver(admin, account);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not check what earlier versions left on the Kafka cluster: "
                    + e.getMessage(), e);
        }
    }

    private void carryOffsetOver(Admin admin, PayoutAccount account)
            throws InterruptedException, ExecutionException, TimeoutException {
        String former = DeploymentNames.formerSubmitterGroup(groupId, account.name());
        if (former.equals(account.submitterGroup())) {
            return;
        }
        TopicPartition queue = new TopicPartition(account.submissionsTopic(), 0);
        if (committed(admin, account.submitterGroup(), queue).isPresent()) {
            return;
        }
        Optional<OffsetAndMetadata> offset = committed(admin, former, queue);
        if (offset.isPresent()) {
            admin.alterConsumerGroupOffsets(account.submitterGroup(), Map.of(queue, offset.get())).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LOG.info("copied the committed offset of the former submitter group {} on {} to {} (offset {}): "
                            + "the submissions an earlier version handled are not read again", former, queue.topic(),
                    account.submitterGroup(), offset.get().offset());
        }
    }

    private static Optional<OffsetAndMetadata> committed(Admin admin, String group, TopicPartition partition)
            throws InterruptedException, ExecutionException, TimeoutException {
        return Optional.ofNullable(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(partition));
    }

    /**
     * Judges the former ledger by the stamp of its latest committed record; one without records
     * holds no history. Reads back from the end in growing windows: transaction markers take
     * offsets too.
     */
    private Optional<String> formerLedgerConflict() {
        Properties properties = new Properties();
        properties.putAll(connection.get());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TopicPartition partition = new TopicPartition(DeploymentNames.FORMER_LEDGER_TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.assign(List.of(partition));
            long beginning = consumer.beginningOffsets(List.of(partition), TIMEOUT).get(partition);
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            for (long window = 16, from = end; from > beginning; window *= 2) {
                from = Math.max(beginning, from - window);
                consumer.seek(partition, from);
                ConsumerRecord<byte[], byte[]> latest = null;
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (consumer.position(partition) < end) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("could not read the end of " + partition.topic() + " within "
                                + TIMEOUT.toSeconds() + " s");
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        latest = record;
                    }
                }
                if (latest != null) {
                    Header stamp = latest.headers().lastHeader(DeploymentStamp.HEADER);
                    return deployment.formerLedgerConflict(stamp == null ? null
                            : new String(stamp.value(), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }
    }

    @Override
    protected void doStop() {
        // nothing to release: the clients live only during start
    }
}
