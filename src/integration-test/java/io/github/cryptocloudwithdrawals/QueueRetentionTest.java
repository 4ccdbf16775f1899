package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.CapturedLogs;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README, Guarantees 3 and 7 (retention): a queued command is never deleted unread. The
 * account's queue was created by an operator with a one-second retention (the broker enforces
 * retention every second here): the service corrects it at start-up and says so, so commands
 * waiting behind a slow call are still there when their turn comes. Consumed records are purged from the queue instead, the way
 * Kafka Streams purges its repartition topics, so it does not grow forever.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueueRetentionTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CapturedLogs logs = CapturedLogs.install();

    @Override
    protected void overrideSettings(Properties settings) {
        // the sandbox holds one answer for 4 s
        settings.put("cryptocloud.timeout-ms", "10000");
        settings.put("withdrawal.queue-purge-interval-ms", "0");
    }

    @Override
    protected void beforeServiceStarts() {
        createTopic(submissionsTopic(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "1000"));
    }

    @AfterAll
    void removeLogCapture() {
        logs.close();
    }

    @Test
    void commandsWaitingLongerThanAPreCreatedQueuesRetentionAreStillPaid() throws Exception {
        sandbox().enqueue(SandboxAnswer.delayed(4000, SandboxAnswer.success()));
        String held = requestId("held");
        publish(held, command(held, "USDT_TRC20", TRON_ADDRESS, "31.1"));
        long heldCallArrived = awaitCall("31.1");
        // past the submitter's fetch in progress when it took the held command (it ends within
        // fetch.max.wait.ms, 500 ms): the next two are then read from the queue only when the held
        // call is over, 4 s after they were queued
        waitFor("the submitter's fetch in progress at the held call to end").atMost(WAIT)
                .until(() -> System.nanoTime() - heldCallArrived > TimeUnit.SECONDS.toNanos(1));
        String second = requestId("queued");
        String third = requestId("queued");
        publish(second, command(second, "USDT_TRC20", TRON_ADDRESS, "31.2"));
        publish(third, command(third, "USDT_TRC20", TRON_ADDRESS, "31.3"));

        Map<String, Event> results = results().awaitRequests(WAIT, held, second, third);

        assertThat(results.values()).allSatisfy(event -> assertThat(event.topic()).isEqualTo(succeededTopic()));
        assertThat(queueSetting(TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("-1");
        assertThat(queueSetting(TopicConfig.RETENTION_BYTES_CONFIG)).isEqualTo("-1");
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .contains("internal topic " + submissionsTopic()).contains("retention.ms").contains("-1"));
    }

    @Test
    void consumedCommandsArePurgedFromTheQueue() throws Exception {
        // so the queue's start can move only by a purge
        assertThat(queueSetting(TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("-1");
        String id = requestId("purged");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "32.1"));
        results().awaitRequests(WAIT, id);
        long end = queueOffset(OffsetSpec.latest());

        waitFor("the consumed commands purged from the queue: its start at offset " + end).atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(queueOffset(OffsetSpec.earliest())).isEqualTo(end));
    }

    private String queueSetting(String name) throws Exception {
        try (Admin admin = Admin.create(kafkaClient())) {
            ConfigResource queue = new ConfigResource(ConfigResource.Type.TOPIC, submissionsTopic());
            Config config = admin.describeConfigs(List.of(queue)).all().get(30, TimeUnit.SECONDS).get(queue);
            return config.get(name).value();
        }
    }

    private long queueOffset(OffsetSpec spec) throws Exception {
        TopicPartition partition = new TopicPartition(submissionsTopic(), 0);
        try (Admin admin = Admin.create(kafkaClient())) {
            return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
        }
    }

    /** @return when the call arrived at the sandbox ({@link System#nanoTime()}) */
    private long awaitCall(String amount) {
        return waitFor("a call with amount " + amount).atMost(WAIT)
                .until(() -> sandbox().requests().stream().filter(r -> r.body().endsWith("\"amount\":" + amount + "}"))
                        .findFirst(), Optional::isPresent).get().arrivalNanos();
    }
}
