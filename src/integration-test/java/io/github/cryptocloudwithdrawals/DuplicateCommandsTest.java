package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic.LedgerRecord;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** At most one API call per request id: duplicates are answered from the ledger. */
class DuplicateCommandsTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("cryptocloud.rate-limit-retries", "1");
    }

    private long callsWithAmount(String amount) {
        return sandbox().requests().stream().filter(r -> r.body().endsWith("\"amount\":" + amount + "}")).count();
    }

    private List<Event> awaitEvents(String requestId, int count) {
        return results().await(seen -> seen.stream().filter(e -> requestId.equals(e.key())).count() >= count, WAIT)
                .stream().filter(e -> requestId.equals(e.key())).toList();
    }

    @Test
    void aDuplicateBackToBackIsReplayedWithoutASecondCall() {
        String id = requestId("twice");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "11.1"), "attempt", "first");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "\"11.10\""), "attempt", "second");

        List<Event> events = awaitEvents(id, 2);

        Event first = events.get(0);
        Event replay = events.get(1);
        assertThat(first.topic()).isEqualTo(succeededTopic());
        assertThat(first.headers()).doesNotContainKey("replayed").containsEntry("attempt", "first");
        assertThat(replay.headers()).containsEntry("replayed", "true").containsEntry("attempt", "second");
        assertThat(replay.topic()).isEqualTo(first.topic());
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().get("ce_id")).isNotEqualTo(first.headers().get("ce_id"));
        assertThat(callsWithAmount("11.1")).isEqualTo(1);
    }

    @Test
    void aDuplicateSecondsLaterWithOtherMetadataIsReplayed() {
        String id = requestId("later");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "12"));
        Event first = awaitEvents(id, 1).get(0);

        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "1.2e1").replace("}", ",\"metadata\":{\"note\":\"resent\"}}"));
        Event replay = awaitEvents(id, 2).get(1);

        assertThat(replay.headers()).containsEntry("replayed", "true");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(callsWithAmount("12")).isEqualTo(1);
    }

    @Test
    void aDifferentCommandUnderAUsedRequestIdIsAConflictAndIsNotSent() {
        String id = requestId("conflict");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "13"));
        awaitEvents(id, 1);

        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "1300"));
        Event conflict = awaitEvents(id, 2).get(1);

        assertThat(conflict.topic()).isEqualTo(failedTopic());
        assertThat(conflict.errorType()).isEqualTo("conflict");
        assertThat(conflict.body().get("retryable").booleanValue()).isFalse();
        assertThat(conflict.body().get("command").get("amount").intValue()).isEqualTo(1300);
        assertThat(conflict.headers()).doesNotContainKey("replayed");
        assertThat(callsWithAmount("1300")).isZero();
        assertThat(callsWithAmount("13")).isEqualTo(1);
    }

    @Test
    void aDuplicateThatFailsValidationNowIsAnsweredFromTheLedgerFirst() {
        String id = requestId("invalid-duplicate");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "15"));
        Event first = awaitEvents(id, 1).get(0);
        assertThat(first.topic()).isEqualTo(succeededTopic());

        // metadata is not part of "the same command": over its 4 KiB limit, the duplicate is still one
        String bulky = "{\"note\":\"" + "x".repeat(5000) + "\"}";
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "15").replace("}", ",\"metadata\":" + bulky + "}"));
        // another withdrawal under the id, and one too broken to compare: conflicts, not validation failures
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "15.0000001"));
        publish(id, "{\"request_id\":\"" + id + "\",\"currency_code\":\"USDT_TRC20\"}");
        // Kafka keeps no order across the two result topics: the answers are told apart by topic
        List<Event> answers = awaitEvents(id, 4).subList(1, 4);

        assertThat(answers).as("the duplicate with oversized metadata").filteredOn(e -> e.topic().equals(succeededTopic()))
                .singleElement().satisfies(replay -> {
                    assertThat(replay.headers()).containsEntry("replayed", "true");
                    assertThat(replay.body()).isEqualTo(first.body());
                });
        assertThat(answers).filteredOn(e -> e.topic().equals(failedTopic())).extracting(Event::errorType)
                .containsExactly("conflict", "conflict");
        assertThat(callsWithAmount("15")).isEqualTo(1);
        assertThat(sandbox().requests()).noneMatch(r -> r.body().contains("15.0000001"));
    }

    @Test
    void aRateLimitedRequestMayBeSentAgainUnderTheSameRequestId() {
        String rateLimit = "{\"status\":\"error\",\"result\":{\"rate_limit\":\"Too many requests\"}}";
        sandbox().enqueue(SandboxAnswer.status(400, rateLimit));
        sandbox().enqueue(SandboxAnswer.status(400, rateLimit));
        String id = requestId("retryable");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "14"));
        Event limited = awaitEvents(id, 1).get(0);
        assertThat(limited.errorType()).isEqualTo("rate_limited");
        assertThat(limited.body().get("retryable").booleanValue()).isTrue();

        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "14"));
        Event paid = awaitEvents(id, 2).get(1);

        assertThat(paid.topic()).isEqualTo(succeededTopic());
        assertThat(paid.headers()).doesNotContainKey("replayed");
        assertThat(callsWithAmount("14")).isEqualTo(3);
        // a record without a value is a tombstone: compaction would delete the request's history
        // the event follows the commit of the done record, but a transaction's commit reaches the
        // ledger's partition a moment after the writer was told it committed
        waitFor("the whole history of " + id + " committed in the ledger").atMost(WAIT).untilAsserted(() -> {
            List<LedgerRecord> history = ledger().committed().stream().filter(r -> r.requestId().equals(id)).toList();
            assertThat(history).extracting(LedgerRecord::state)
                    .containsExactly("in_flight", "not_sent", "in_flight", "done_retryable", "in_flight", "done");
            assertThat(history).allSatisfy(record -> assertThat(record.value()).as("value of " + record).isNotNull());
        });
    }

    /**
     * The request's committed ledger records once the last one expected is among them: Kafka
     * writes a transaction's commit marker after the writer's commit returned, so a reader from
     * outside may see the result event before it sees the record committed.
     */
    private List<LedgerRecord> committedHistory(String requestId, String lastState) {
        return waitFor("the " + lastState + " record of " + requestId + " committed").atMost(WAIT)
                .until(() -> ledger().committed().stream().filter(r -> r.requestId().equals(requestId)).toList(),
                        history -> history.stream().anyMatch(r -> lastState.equals(r.state())));
    }
}
