package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.CapturedLogs;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ledger stores the API's answer whole; an answer larger than the ledger topic accepts
 * (max.message.bytes) can never be recorded. That is no reason to retry forever, nor to call
 * again: the command ends {@code outcome_unknown} with the answer in the log (someone has to look
 * at it), its duplicates get the same, and the next commands are paid as usual.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LedgerRecordLimitTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LEDGER_RECORD_LIMIT = 16_384;

    @Override
    protected void beforeServiceStarts() {
        createTopic(ledgerTopic(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(LEDGER_RECORD_LIMIT)));
    }

    @Test
    void anAnswerTooLargeForTheLedgerEndsTheCommandOutcomeUnknownWithTheAnswerLogged() {
        // installed once the service runs: a broker or service starting elsewhere in this JVM may renew the logging set-up
        try (CapturedLogs logs = CapturedLogs.install()) {
            tooLargeAnswer(logs);
        }
    }

    private void tooLargeAnswer(CapturedLogs logs) {
        String marker = "INV-TOO-LARGE-" + requestId("m");
        sandbox().enqueue(SandboxAnswer.status(200, "{\"status\":\"success\",\"result\":{\"uuid\":\"" + marker
                + "\",\"status\":\"created\",\"note\":\"" + "x".repeat(2 * LEDGER_RECORD_LIMIT) + "\"}}"));
        String large = requestId("large-answer");
        publish(large, command(large, "USDT_TRC20", TRON_ADDRESS, "41.1"));

        Event result = results().awaitRequests(WAIT, large).get(large);

        assertThat(result.errorType()).as("the result of " + large).isEqualTo("outcome_unknown");
        assertThat(result.body().get("error").get("message").textValue()).contains("could not be recorded");
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("request_id=" + large).contains(marker));

        publish(large, command(large, "USDT_TRC20", TRON_ADDRESS, "41.1"));
        String next = requestId("next");
        publish(next, command(next, "USDT_TRC20", TRON_ADDRESS, "41.2"));
        Map<String, Event> later = results().awaitRequests(WAIT, next);
        List<Event> forLarge = results().await(seen -> seen.stream().filter(e -> large.equals(e.key())).count() >= 2, WAIT)
                .stream().filter(e -> large.equals(e.key())).toList();

        assertThat(forLarge.get(1).errorType()).as("its duplicate").isEqualTo("outcome_unknown");
        assertThat(forLarge.get(1).headers()).containsEntry("replayed", "true");
        assertThat(later.get(next).topic()).isEqualTo(succeededTopic());
        assertThat(sandbox().requests().stream().filter(r -> r.body().contains("41.1"))).as("calls for " + large).hasSize(1);
    }
}
