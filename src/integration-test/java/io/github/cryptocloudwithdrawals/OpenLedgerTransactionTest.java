package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic.LedgerRecord;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README, Guarantees 7 (transactions): another writer's transaction left open on the ledger
 * partition (another account's, an instance frozen mid-write, any client of the cluster) holds
 * back what read_committed readers see, but never makes the request history go back: a request
 * paid while it is open is not paid again when its duplicate arrives, and the duplicate is
 * answered while the transaction is still open, not once it ends.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenLedgerTransactionTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RATE_LIMITED = "{\"status\":\"error\",\"result\":{\"rate_limit\":\"Too many requests\"}}";

    /**
     * Long enough for the test to open its transaction between a rate-limited call and its retry,
     * on a slow machine too.
     */
    @Override
    protected long minIntervalMillis() {
        return 8000;
    }

    @Override
    protected void overrideSettings(Properties settings) {
        // the sandbox holds one answer for five seconds in the second test: the test opens its transaction meanwhile
        settings.put("cryptocloud.timeout-ms", "15000");
    }

    private List<RecordedRequest> callsWithAmount(String amount) {
        return sandbox().requests().stream().filter(r -> r.body().endsWith("\"amount\":" + amount + "}")).toList();
    }

    private List<Event> awaitEvents(String requestId, int count) {
        return results().await(seen -> seen.stream().filter(e -> requestId.equals(e.key())).count() >= count, WAIT)
                .stream().filter(e -> requestId.equals(e.key())).toList();
    }

    private static LedgerRecord record(List<LedgerRecord> records, String requestId, String state, int nth) {
        return records.stream().filter(r -> r.requestId().equals(requestId) && state.equals(r.state())).skip(nth)
                .findFirst().orElseThrow(() -> new AssertionError("no " + state + " record #" + (nth + 1) + " of "
                        + requestId + " in " + records));
    }

    @Test
    void aRequestRateLimitedThenPaidWhileATransactionIsOpenIsNotPaidAgainForItsDuplicate() {
        sandbox().enqueue(SandboxAnswer.status(429, RATE_LIMITED));
        String id = requestId("limited-then-paid");
        LedgerTopic ledger = ledger();
        try (LedgerTopic.ForeignWriter foreign = ledger.foreignWriter()) {
            publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "21.1"));
            // between the not_sent record of the rate-limited call and the in_flight record of its retry
            ledger.awaitWritten(r -> r.requestId().equals(id) && "not_sent".equals(r.state()),
                    "the not_sent record of " + id);
            long open = foreign.openTransaction();

            Event paid = awaitEvents(id, 1).get(0);
            assertThat(paid.topic()).isEqualTo(succeededTopic());

            publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "\"21.10\""));
            Event duplicate = awaitEvents(id, 2).get(1);

            assertThat(duplicate.headers()).as("the duplicate is a replay").containsEntry("replayed", "true");
            assertThat(duplicate.body()).isEqualTo(paid.body());
            assertThat(callsWithAmount("21.1")).as("calls for " + id + ": the rate-limited one and the paid one")
                    .hasSize(2);
            List<LedgerRecord> written = ledger.written();
            assertThat(open).as("the open transaction lies between the not_sent record and the retry")
                    .isGreaterThan(record(written, id, "not_sent", 0).offset())
                    .isLessThan(record(written, id, "in_flight", 1).offset());
        }
    }

    @Test
    void aRequestAnsweredWhileATransactionIsOpenIsReplayedForItsDuplicateWhileItIsStillOpen() {
        sandbox().enqueue(SandboxAnswer.delayed(5000, SandboxAnswer.success()));
        String id = requestId("answered-while-open");
        LedgerTopic ledger = ledger();
        try (LedgerTopic.ForeignWriter foreign = ledger.foreignWriter()) {
            publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "22.2"));
            // the call reaches the sandbox only after its in_flight record was committed
            awaitCall("22.2");
            long open = foreign.openTransaction();

            Event paid = awaitEvents(id, 1).get(0);
            assertThat(paid.topic()).isEqualTo(succeededTopic());

            publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "22.2"));
            Event duplicate = awaitEvents(id, 2).get(1);

            assertThat(duplicate.topic()).as("the duplicate's result").isEqualTo(succeededTopic());
            assertThat(duplicate.headers()).containsEntry("replayed", "true");
            assertThat(duplicate.body()).isEqualTo(paid.body());
            assertThat(callsWithAmount("22.2")).hasSize(1);
            List<LedgerRecord> written = ledger.written();
            assertThat(open).as("the open transaction lies between the in_flight and the done record")
                    .isGreaterThan(record(written, id, "in_flight", 0).offset())
                    .isLessThan(record(written, id, "done", 0).offset());
        }
    }

    private void awaitCall(String amount) {
        waitFor("a call with amount " + amount).atMost(WAIT).until(() -> !callsWithAmount(amount).isEmpty());
    }
}
