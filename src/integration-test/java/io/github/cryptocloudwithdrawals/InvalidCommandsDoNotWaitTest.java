package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5.4: a backlog waiting for the rate limit never delays the answer to an invalid command.
 * Asserted as an order, not a time: the answer comes before the API's second call, while the
 * valid commands published before it still wait for their turn (one call in ten minutes).
 */
class InvalidCommandsDoNotWaitTest extends OneCallInTenMinutesTestSupport {

    private static final int BACKLOG = 1000;
    /** Far less than the interval: an invalid command queued behind the backlog would take 1,000 of them. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anInvalidCommandIsAnsweredBeforeTheApisSecondCallBehindAThousandQueuedOnes() {
        for (int i = 0; i < BACKLOG; i++) {
            String id = "queued-" + i;
            publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "1"));
        }
        TopicPartition queue = new TopicPartition(submissionsTopic(), 0);
        try (Admin admin = Admin.create(kafkaClient())) {
            waitFor("intake passed the backlog on").atMost(Duration.ofSeconds(60)).until(() -> admin
                    .listOffsets(Map.of(queue, OffsetSpec.latest())).all().get().get(queue).offset() >= BACKLOG);
        }

        long published = System.nanoTime();
        publish("invalid", command("invalid", "USDT_TRC20", TRON_ADDRESS, "-1"));
        Event failure = results().awaitRequests(WAIT, "invalid").get("invalid");
        long answeredMillis = (System.nanoTime() - published) / 1_000_000;
        int callsWhenAnswered = sandbox().requests().size();
        List<Event> backlogResults = results().all().stream().filter(e -> e.key() != null && e.key().startsWith("queued-"))
                .toList();

        assertThat(failure.errorType()).isEqualTo("validation");
        assertThat(callsWhenAnswered).as("API calls when the invalid command was answered").isLessThanOrEqualTo(1);
        assertThat(backlogResults).as("results of the valid commands published before it").hasSizeLessThanOrEqualTo(1);
        System.out.printf("invalid command answered in %d ms behind %d queued valid commands (%d of them answered)%n",
                answeredMillis, BACKLOG, backlogResults.size());
    }
}
