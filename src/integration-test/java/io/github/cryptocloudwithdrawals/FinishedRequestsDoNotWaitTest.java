package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A duplicate of a request that has its final result (a renamed group re-reading the commands
 * topic, a producer sending twice) is answered from the ledger at once, like an invalid command:
 * never queued behind the commands waiting for the rate limit. Asserted as an order, not a time:
 * the answers come while a valid command published before them still waits for its call (one
 * call in ten minutes), and nothing of them reaches the account's queue.
 */
class FinishedRequestsDoNotWaitTest extends OneCallInTenMinutesTestSupport {

    /** Far less than the interval: a duplicate queued behind the waiting command would take ten minutes. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void duplicatesOfAPaidRequestAreAnsweredWhileTheQueueWaitsForTheRateLimit() throws Exception {
        String paid = requestId("paid");
        publish(paid, command(paid, "USDT_TRC20", TRON_ADDRESS, "21"));
        Event first = results().awaitRequests(WAIT, paid).get(paid);
        String waiting = requestId("waiting");
        publish(waiting, command(waiting, "USDT_TRC20", TRON_ADDRESS, "22"));
        TopicPartition queue = new TopicPartition(submissionsTopic(), 0);
        try (Admin admin = Admin.create(kafkaClient())) {
            waitFor("intake passed the waiting command on").atMost(WAIT)
                    .until(() -> queued(admin, queue) >= 2);

            publish(paid, command(paid, "USDT_TRC20", TRON_ADDRESS, "21.0"), "attempt", "duplicate");
            // valid today or not, a duplicate is answered from the ledger first
            publish(paid, command(paid, "USDT_TRC20", TRON_ADDRESS, "21").replace("}",
                    ",\"metadata\":{\"note\":\"" + "x".repeat(5000) + "\"}}"), "attempt", "oversized");
            publish(paid, command(paid, "USDT_TRC20", TRON_ADDRESS, "2100"), "attempt", "conflict");
            List<Event> answers = results().await(seen -> seen.stream().filter(e -> paid.equals(e.key())).count() >= 4,
                    WAIT).stream().filter(e -> paid.equals(e.key())).toList();

            Map<String, Event> byAttempt = answers.stream().filter(e -> e.headers().containsKey("attempt"))
                    .collect(Collectors.toMap(e -> e.headers().get("attempt"), e -> e));
            assertThat(byAttempt).containsOnlyKeys("duplicate", "oversized", "conflict");
            assertThat(List.of(byAttempt.get("duplicate"), byAttempt.get("oversized"))).allSatisfy(replay -> {
                assertThat(replay.topic()).isEqualTo(succeededTopic());
                assertThat(replay.headers()).containsEntry("replayed", "true");
                assertThat(replay.body()).isEqualTo(first.body());
            });
            assertThat(byAttempt.get("conflict").errorType()).isEqualTo("conflict");
            assertThat(byAttempt.get("conflict").headers()).doesNotContainKey("replayed");
            assertThat(results().forRequest(waiting)).as("the command published before them, waiting for its call")
                    .isEmpty();
            assertThat(sandbox().requests()).as("API calls").hasSize(1);
            assertThat(queued(admin, queue)).as("records in the account's queue").isEqualTo(2);
        }
    }

    private static long queued(Admin admin, TopicPartition queue) throws Exception {
        return admin.listOffsets(Map.of(queue, OffsetSpec.latest())).all().get().get(queue).offset();
    }
}
