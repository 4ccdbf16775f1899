package io.github.cryptocloudwithdrawals.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records of a topic a consumer group has not committed yet, asked of Kafka itself, so
 * the figure is right across restarts and instances. One admin client, created on first use.
 */
public final class ConsumerLag extends ServiceSupport {

    private static final long TIMEOUT_SECONDS = 2;

    private final Supplier<Properties> connection;
    private Admin admin;

    public ConsumerLag(Supplier<Properties> connection) {
        this.connection = connection;
    }

    /** The lag, or NaN when Kafka does not answer in time. */
    public synchronized double of(String group, String topic) {
        try {
            if (admin == null) {
                admin = Admin.create(connection.get());
            }
            Map<TopicPartition, Long> ends = admin.listOffsets(admin.describeTopics(List.of(topic))
                            .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
                            .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest())))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Double.NaN;
        }
    }

    @Override
    protected synchronized void doStop() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
