package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.PrometheusText.value;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.CapturedLogs;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic.LedgerRecord;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Operators resolve outcome_unknown results (SPEC §5a): the real routes, a real broker and the
 * sandbox. The sandbox answers HTTP 500 (outcome_unknown) to every call for the amount 500.2, and
 * to one call wherever a test enqueues it.
 */
class ResolutionsTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SERVER_ERROR = "{\"detail\":\"Internal Server Error\"}";
    private static final String ALWAYS_500 = "500.2";

    private final String resolutionsTopic = "resolutions-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("withdrawal.resolutions-topic", resolutionsTopic);
        // a call held in flight while resolutions for it are refused: its answer must not time out meanwhile
        settings.put("cryptocloud.timeout-ms", "20000");
    }

    @Override
    protected long minIntervalMillis() {
        return 400;
    }

    private void resolve(String requestId, String json) {
        publishTo(resolutionsTopic, requestId, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String paid(String requestId, String invoiceId) {
        return "{\"request_id\":\"" + requestId + "\",\"resolution\":\"paid\",\"invoice_id\":\"" + invoiceId
                + "\",\"resolved_by\":\"alice\",\"note\":\"found in the dashboard\"}";
    }

    private static String notPaid(String requestId) {
        return "{\"request_id\":\"" + requestId + "\",\"resolution\":\"not_paid\",\"resolved_by\":\"bob\"}";
    }

    private List<Event> awaitEvents(String requestId, int count) {
        return results().await(seen -> seen.stream().filter(e -> requestId.equals(e.key())).count() >= count, WAIT)
                .stream().filter(e -> requestId.equals(e.key())).toList();
    }

    private List<RecordedRequest> callsFor(String amount) {
        return sandbox().requests().stream().filter(r -> r.body().endsWith("\"amount\":" + amount + "}")).toList();
    }

    private Event unknownOutcome(String requestId, String amount) {
        publish(requestId, command(requestId, "USDT_TRC20", TRON_ADDRESS, amount));
        Event unknown = awaitEvents(requestId, 1).get(0);
        assertThat(unknown.errorType()).isEqualTo("outcome_unknown");
        return unknown;
    }

    private String metrics() {
        return management("/observe/metrics").body();
    }

    private double unresolved() {
        return value(metrics(), "withdrawals_unresolved_unknown", "account=\"default\"");
    }

    private double resolutions(String result) {
        return value(metrics(), "withdrawals_resolutions_total", "result=\"" + result + "\"");
    }

    @Test
    void aPaidResolutionMakesTheResultASuccessWithoutACallAndDuplicatesReplayIt() {
        String id = requestId("paid");
        double unresolvedBefore = unresolved();
        double appliedBefore = resolutions("applied");
        int callsBefore = callsFor(ALWAYS_500).size();
        unknownOutcome(id, ALWAYS_500);
        waitFor("the gauge counting the unknown outcome").atMost(WAIT).until(() -> unresolved() == unresolvedBefore + 1);

        resolve(id, paid(id, "INV-DASH-1"));
        Event success = awaitEvents(id, 2).get(1);

        assertThat(success.topic()).isEqualTo(succeededTopic());
        assertThat(success.headers()).containsEntry("resolution", "paid").doesNotContainKey("replayed")
                .doesNotContainKey("withdrawals-resolution");
        JsonNode body = success.body();
        assertThat(body.get("invoice_id").textValue()).isEqualTo("INV-DASH-1");
        assertThat(body.get("status").textValue()).isEqualTo("created");
        assertThat(body.get("amount").textValue()).isEqualTo(ALWAYS_500);
        assertThat(body.get("response").isNull()).isTrue();
        JsonNode resolution = body.get("resolution");
        assertThat(resolution.get("resolution").textValue()).isEqualTo("paid");
        assertThat(resolution.get("resolved_by").textValue()).isEqualTo("alice");
        assertThat(resolution.get("note").textValue()).isEqualTo("found in the dashboard");
        assertThat(resolution.get("record").get("topic").textValue()).isEqualTo(resolutionsTopic);
        assertThat(callsFor(ALWAYS_500)).as("calls: the original one only").hasSize(callsBefore + 1);

        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, ALWAYS_500));
        Event replay = awaitEvents(id, 3).get(2);
        assertThat(replay.topic()).isEqualTo(succeededTopic());
        assertThat(replay.headers()).containsEntry("replayed", "true");
        assertThat(replay.body()).isEqualTo(body);
        assertThat(callsFor(ALWAYS_500)).hasSize(callsBefore + 1);
        waitFor("the gauge back").atMost(WAIT).until(() -> unresolved() == unresolvedBefore);
        assertThat(resolutions("applied")).isEqualTo(appliedBefore + 1);
        // recorded before it was published: who, how, and the record it came in
        waitFor("the resolution in the ledger").atMost(WAIT).untilAsserted(() -> assertThat(ledger().committed().stream()
                .filter(r -> r.requestId().equals(id)).map(LedgerRecord::value).toList()).last().asString()
                .contains("\"resolution\":\"paid\"", "\"resolved_by\":\"alice\"", "\"invoice_id\":\"INV-DASH-1\""));
    }

    @Test
    void aNotPaidResolutionSendsTheOriginalCommandOnceMoreThroughTheRateGate() {
        String id = requestId("not-paid");
        sandbox().enqueue(SandboxAnswer.status(500, SERVER_ERROR));
        Event unknown = unknownOutcome(id, "21.5");

        // another command queued with it: the two calls keep the interval between them
        String other = requestId("alongside");
        publish(other, command(other, "USDT_TRC20", TRON_ADDRESS, "21.6"));
        resolve(id, notPaid(id));
        Event result = awaitEvents(id, 2).get(1);
        awaitEvents(other, 1);

        assertThat(result.topic()).isEqualTo(succeededTopic());
        assertThat(result.headers()).containsEntry("resolution", "not_paid").doesNotContainKey("replayed");
        assertThat(result.body().get("resolution").get("resolution").textValue()).isEqualTo("not_paid");
        assertThat(result.body().get("resolution").get("resolved_by").textValue()).isEqualTo("bob");
        assertThat(result.body().get("response").isObject()).isTrue();
        assertThat(result.body().get("amount").textValue()).isEqualTo(unknown.body().get("command").get("amount").asText());
        List<RecordedRequest> calls = callsFor("21.5");
        assertThat(calls).as("the original call and exactly one more").hasSize(2);
        // nothing of the resolution reaches the API: the original command only
        assertThat(calls.get(1).body()).isEqualTo(calls.get(0).body());
        assertThat(calls.get(1).header("withdrawals-resolution")).isNull();
        RecordedRequest alongside = callsFor("21.6").get(0);
        assertThat(Math.abs(alongside.arrivalNanos() - calls.get(1).arrivalNanos()))
                .as("nanoseconds between the resolution's call and the other command's")
                .isGreaterThanOrEqualTo(Duration.ofMillis(minIntervalMillis()).toNanos());
    }

    @Test
    void aNotPaidWhoseCallEndsUnknownAgainCanBeResolvedAgain() {
        String id = requestId("twice-unknown");
        int callsBefore = callsFor(ALWAYS_500).size();
        unknownOutcome(id, ALWAYS_500);
        double unresolvedBefore = unresolved();

        resolve(id, notPaid(id));
        Event again = awaitEvents(id, 2).get(1);
        assertThat(again.errorType()).isEqualTo("outcome_unknown");
        assertThat(again.headers()).containsEntry("resolution", "not_paid");
        assertThat(again.body().get("resolution").get("resolution").textValue()).isEqualTo("not_paid");
        assertThat(unresolved()).isEqualTo(unresolvedBefore);

        resolve(id, paid(id, "INV-DASH-2"));
        Event paid = awaitEvents(id, 3).get(2);
        assertThat(paid.topic()).isEqualTo(succeededTopic());
        assertThat(paid.body().get("invoice_id").textValue()).isEqualTo("INV-DASH-2");
        assertThat(callsFor(ALWAYS_500)).as("the original call and the not_paid one; none for paid")
                .hasSize(callsBefore + 2);
        waitFor("the gauge").atMost(WAIT).until(() -> unresolved() == unresolvedBefore - 1);
    }

    /**
     * Two operators resolve the same outcome_unknown as not_paid, one right after the other. The
     * first one's call ends unknown again; the second was meant for the earlier outcome, so it
     * does not apply to this one: applied, it would send the command a third time while the second
     * call may have paid. Also when the second operator's clock runs ten minutes ahead, so that by
     * its timestamp the resolution comes after the new outcome: it was read while the earlier one
     * was current.
     */
    @ParameterizedTest(name = "second operator's clock ahead by {0} ms")
    @ValueSource(longs = {0, 600_000})
    void aResolutionMeantForAnEarlierOutcomeIsRefused(long clockAheadMillis) {
        String id = requestId("two-operators");
        int callsBefore = callsFor(ALWAYS_500).size();
        unknownOutcome(id, ALWAYS_500);
        double refusedBefore = resolutions("refused");

        resolve(id, notPaid(id));
        resolveAsSecondOperator(id, clockAheadMillis);
        Event again = awaitEvents(id, 2).get(1);
        assertThat(again.errorType()).isEqualTo("outcome_unknown");
        assertThat(again.body().get("resolution").get("resolved_by").textValue()).isEqualTo("bob");
        assertSecondOperatorRefusedWithoutAThirdCall(id, callsBefore, refusedBefore);
    }

    /**
     * As above, but the resolutions route reads the second operator's not_paid late (it was
     * behind; here it is stopped), when the first one's call has ended unknown again: it judges
     * the resolution against the current outcome. That the resolution was published before this
     * outcome is then told by time alone, and the operator's clock runs ten minutes ahead: the
     * time the broker appended the record counts, not the one the operator's producer set.
     */
    @Test
    void aResolutionReadLateIsTimedByTheBrokerNotByTheOperatorsClock() throws Exception {
        String id = requestId("read-late");
        int callsBefore = callsFor(ALWAYS_500).size();
        unknownOutcome(id, ALWAYS_500);
        double refusedBefore = resolutions("refused");
        // the first resolution's call is answered (HTTP 500: unknown again) only after the second was published
        sandbox().enqueue(SandboxAnswer.delayed(3000, SandboxAnswer.status(500, SERVER_ERROR)));

        resolve(id, notPaid(id));
        waitFor("the first resolution's call").atMost(WAIT).until(() -> callsFor(ALWAYS_500).size() == callsBefore + 2);
        context().getRouteController().stopRoute("resolutions");
        resolveAsSecondOperator(id, 600_000);
        Event again = awaitEvents(id, 2).get(1);
        assertThat(again.errorType()).isEqualTo("outcome_unknown");
        context().getRouteController().startRoute("resolutions");

        assertSecondOperatorRefusedWithoutAThirdCall(id, callsBefore, refusedBefore);
    }

    /** Dave's not_paid of the same outcome as bob's, stamped by a clock running this far ahead. */
    private void resolveAsSecondOperator(String id, long clockAheadMillis) {
        publishTo(resolutionsTopic, System.currentTimeMillis() + clockAheadMillis, id,
                notPaid(id).replace("bob", "dave").getBytes(StandardCharsets.UTF_8));
    }

    private void assertSecondOperatorRefusedWithoutAThirdCall(String id, int callsBefore, double refusedBefore) {
        waitFor("dave's resolution refused").atMost(WAIT).until(() -> resolutions("refused") >= refusedBefore + 1);
        assertThat(callsFor(ALWAYS_500)).as("the original call and bob's").hasSize(callsBefore + 2);
        assertThat(results().forRequest(id)).as("the first outcome_unknown and the one of bob's call").hasSize(2);
    }

    @Test
    void resolutionsThatDoNotApplyChangeNothingPublishNothingAndAreLoggedWithTheirReason() {
        // installed once the service runs: a broker or service starting elsewhere in this JVM may renew the logging set-up
        try (CapturedLogs logs = CapturedLogs.install()) {
            refusalsChangeNothing(logs);
        }
    }

    private void refusalsChangeNothing(CapturedLogs logs) {
        String unknown = requestId("open");
        unknownOutcome(unknown, ALWAYS_500);
        String succeeded = requestId("succeeded");
        publish(succeeded, command(succeeded, "USDT_TRC20", TRON_ADDRESS, "22.1"));
        String resolved = requestId("resolved");
        unknownOutcome(resolved, ALWAYS_500);
        resolve(resolved, paid(resolved, "INV-DASH-3"));
        awaitEvents(resolved, 2);
        awaitEvents(succeeded, 1);
        String inFlight = requestId("in-flight");
        sandbox().enqueue(SandboxAnswer.delayed(10_000, SandboxAnswer.success()));
        publish(inFlight, command(inFlight, "USDT_TRC20", TRON_ADDRESS, "22.2"));
        waitFor("the call in flight").atMost(WAIT).until(() -> !callsFor("22.2").isEmpty());
        double refusedBefore = resolutions("refused");
        double appliedBefore = resolutions("applied");
        int callsBefore = sandbox().requests().size();
        String never = requestId("never-seen");

        resolve(inFlight, notPaid(inFlight));
        resolve(never, notPaid(never));
        resolve(unknown, "{\"request_id\":\"" + unknown + "\",\"resolution\":\"paid\"}");
        resolve(unknown, "not json");
        resolve(unknown, "{\"request_id\":\"" + unknown + "\",\"resolution\":\"not_paid\",\"note\":\"" + "x".repeat(257) + "\"}");
        resolve(unknown, "{\"request_id\":\"" + unknown + "\",\"resolution\":\"not_paid\",\"account\":\"nope\"}");
        resolve(succeeded, notPaid(succeeded));
        resolve(resolved, notPaid(resolved));
        waitFor("eight refusals counted").atMost(WAIT).until(() -> resolutions("refused") == refusedBefore + 8);
        // a command behind them on the same queue: had a refusal queued anything, it would show before this
        String sentinel = requestId("sentinel");
        publish(sentinel, command(sentinel, "USDT_TRC20", TRON_ADDRESS, "22.3"));
        awaitEvents(sentinel, 1);
        awaitEvents(inFlight, 1);

        assertThat(results().forRequest(never)).isEmpty();
        assertThat(results().forRequest(unknown)).hasSize(1);
        assertThat(results().forRequest(succeeded)).hasSize(1);
        assertThat(results().forRequest(resolved)).hasSize(2);
        assertThat(results().forRequest(inFlight)).singleElement()
                .satisfies(event -> assertThat(event.headers()).doesNotContainKey("resolution"));
        assertThat(resolutions("applied")).isEqualTo(appliedBefore);
        assertThat(sandbox().requests()).as("calls: the in-flight one's and the sentinel's, nothing else")
                .hasSize(callsBefore + 1);
        assertThat(logs.lines()).filteredOn(line -> line.contains("refused"))
                .anySatisfy(line -> assertThat(line).contains("request_id=" + never, "unknown request_id"))
                .anySatisfy(line -> assertThat(line).contains("request_id=" + unknown, "paid needs the invoice_id"))
                .anySatisfy(line -> assertThat(line).contains("not valid JSON"))
                .anySatisfy(line -> assertThat(line).contains("request_id=" + unknown, "note has 257 characters"))
                .anySatisfy(line -> assertThat(line).contains("request_id=" + unknown, "unknown account 'nope'"))
                .anySatisfy(line -> assertThat(line).contains("request_id=" + succeeded, "not outcome_unknown", "succeeded"))
                .anySatisfy(line -> assertThat(line).contains("request_id=" + resolved, "already resolved"))
                .anySatisfy(line -> assertThat(line).contains("request_id=" + inFlight, "still in flight"))
                .noneSatisfy(line -> assertThat(line).contains(API_KEY));
    }

    /**
     * What a redelivery of the resolutions route (or a second instance) amounts to: the same
     * resolution, from the same record, queued twice.
     */
    @Test
    void theSameResolutionQueuedTwiceHasOneEffect() {
        try (CapturedLogs logs = CapturedLogs.install()) {
            queuedTwice(logs);
        }
    }

    private void queuedTwice(CapturedLogs logs) {
        String id = requestId("redelivered");
        int callsBefore = callsFor(ALWAYS_500).size();
        Event unknown = unknownOutcome(id, ALWAYS_500);
        double appliedBefore = resolutions("applied");
        String forwarded = "{\"resolution\":\"paid\",\"invoice_id\":\"INV-DASH-4\",\"resolved_by\":\"carol\",\"note\":null,"
                + "\"record\":{\"topic\":\"" + resolutionsTopic + "\",\"partition\":0,\"offset\":99},\"request_id\":\"" + id + "\"}";
        byte[] original = unknown.body().get("command").toString().getBytes(StandardCharsets.UTF_8);

        publishTo(submissionsTopic(), id, original, "withdrawals-resolution", forwarded);
        publishTo(submissionsTopic(), id, original, "withdrawals-resolution", forwarded);
        String sentinel = requestId("sentinel");
        publish(sentinel, command(sentinel, "USDT_TRC20", TRON_ADDRESS, "23.1"));
        awaitEvents(sentinel, 1);

        assertThat(results().forRequest(id)).hasSize(2);
        assertThat(results().forRequest(id).get(1).body().get("invoice_id").textValue()).isEqualTo("INV-DASH-4");
        assertThat(resolutions("applied")).isEqualTo(appliedBefore + 1);
        assertThat(callsFor(ALWAYS_500)).as("the original call only").hasSize(callsBefore + 1);
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("request_id=" + id, "applied already"));
    }
}
