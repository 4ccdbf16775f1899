package io.github.cryptocloudwithdrawals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.CapturedLogs;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The pipeline end to end: Kafka command in, CryptoCloud call out, one result event back. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WithdrawalPipelineTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    private static final String BITCOIN = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    private static final String ETHEREUM = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
    private static final String SOLANA = "Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYu";
    private static final String RATE_LIMIT_BODY =
            "{\"status\":\"error\",\"result\":{\"rate_limit\":\"Too many requests. Minimum interval between requests — 12 seconds.\"}}";

    private final CapturedLogs logs = CapturedLogs.install();

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("cryptocloud.rate-limit-retries", "2");
    }

    private List<RecordedRequest> requestsFor(String address, String amount) {
        return sandbox().requests().stream()
                .filter(r -> r.body().contains(address) && r.body().contains("\"amount\":" + amount + "}"))
                .collect(Collectors.toList());
    }

    @Test
    @Order(1)
    void paysValidCommandsOnSeveralNetworksWithExactlyTheDocumentedRequest() throws Exception {
        String tron = requestId("tron");
        String btc = requestId("btc");
        String eth = requestId("eth");
        String sol = requestId("sol");
        publish(tron, "{\"request_id\":\"" + tron + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON
                + "\",\"amount\":\"10.50\",\"metadata\":{\"user_id\":42}}", "trace-id", "trace-" + tron);
        publish(btc, command(btc, "BTC", BITCOIN, "0.00023"));
        publish(eth, command(eth, "ETH", ETHEREUM, "1.5e-7"));
        publish(sol, command(sol, "USDC_SOL", SOLANA, "25"));

        Map<String, Event> events = results().awaitRequests(WAIT, tron, btc, eth, sol);

        Event tronEvent = events.get(tron);
        assertThat(tronEvent.topic()).isEqualTo(succeededTopic());
        JsonNode body = tronEvent.body();
        assertThat(body.get("request_id").textValue()).isEqualTo(tron);
        assertThat(body.get("invoice_id").textValue()).startsWith("INV-");
        assertThat(body.get("invoice_id").textValue()).isEqualTo(body.get("response").get("uuid").textValue());
        assertThat(body.get("status").textValue()).isEqualTo("created");
        assertThat(body.get("currency_code").textValue()).isEqualTo("USDT_TRC20");
        assertThat(body.get("to_address").textValue()).isEqualTo(TRON);
        assertThat(body.get("amount").textValue()).isEqualTo("10.50");
        assertThat(body.get("metadata")).isEqualTo(JsonMapping.MAPPER.readTree("{\"user_id\":42}"));
        assertThat(body.get("submitted_at").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(body.get("completed_at").textValue()).isGreaterThanOrEqualTo(body.get("submitted_at").textValue());
        assertThat(body.get("response").get("currency").isObject()).isTrue();
        assertThat(tronEvent.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "plus.cryptocloud.withdrawal.succeeded")
                .containsEntry("ce_subject", tron)
                .containsEntry("content-type", "application/json")
                .containsEntry("trace-id", "trace-" + tron)
                .containsKeys("ce_id", "ce_source", "ce_time");
        // only the command's own headers and the event's: nothing from HTTP, Camel or Kafka internals
        assertThat(tronEvent.headers().keySet()).isSubsetOf(Set.of("trace-id", "ce_specversion", "ce_id",
                "ce_source", "ce_type", "ce_time", "ce_subject", "content-type"));

        assertThat(events.get(eth).body().get("amount").textValue()).isEqualTo("0.00000015");
        assertThat(events.get(btc).topic()).isEqualTo(succeededTopic());
        assertThat(events.get(sol).topic()).isEqualTo(succeededTopic());

        List<RecordedRequest> tronCalls = requestsFor(TRON, "10.5");
        assertThat(tronCalls).hasSize(1);
        RecordedRequest call = tronCalls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/v2/invoice/api/out/create");
        assertThat(call.body()).isEqualTo("{\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON + "\",\"amount\":10.5}");
        assertThat(call.header("Authorization")).isEqualTo("Token " + API_KEY);
        assertThat(call.header("Content-Type")).startsWith("application/json");
        assertThat(call.header("trace-id")).isNull();
        assertThat(call.headers().keySet()).noneMatch(name -> name.toLowerCase().startsWith("kafka")
                || name.toLowerCase().startsWith("camel"));
        assertThat(requestsFor(ETHEREUM, "0.00000015")).hasSize(1);
    }

    @Test
    @Order(2)
    void spacesConsecutiveCallsByAtLeastTheIntervalAsMeasuredAtTheApi() {
        sandbox().clearRequests();
        String[] ids = new String[6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = requestId("spaced-" + i);
            publish(ids[i], command(ids[i], "USDT_TRC20", TRON, "1." + i));
        }

        results().awaitRequests(WAIT, ids);

        List<Long> gaps = sandbox().gapsMillis();
        assertThat(gaps).hasSize(ids.length - 1);
        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(minIntervalMillis()));
        System.out.printf("measured gaps at the stub with a %d ms interval: %s%n", minIntervalMillis(), gaps);
    }

    @Test
    @Order(3)
    void anApiRejectionIsAFailureCarryingTheApiError() {
        sandbox().enqueue(SandboxAnswer.rejectNetwork());
        String id = requestId("rejected");
        publish(id, command(id, "USDT_TRC20", TRON, "3"));

        Event event = results().awaitRequests(WAIT, id).get(id);

        assertThat(event.topic()).isEqualTo(failedTopic());
        assertThat(event.errorType()).isEqualTo("rejected");
        assertThat(event.body().get("retryable").booleanValue()).isFalse();
        assertThat(event.body().get("error").get("http_status").intValue()).isEqualTo(400);
        assertThat(event.body().get("error").get("api_error").get("result").has("network")).isTrue();
        assertThat(event.body().get("error").get("message").textValue()).contains("network");
        assertThat(event.body().get("command").get("request_id").textValue()).isEqualTo(id);
        assertThat(event.headers()).containsEntry("ce_type", "plus.cryptocloud.withdrawal.failed");
    }

    @Test
    @Order(4)
    void answersThatDoNotProveTheOutcomeAreOutcomeUnknownAndNeverSentAgain() {
        sandbox().enqueue(SandboxAnswer.status(500, "{\"detail\":\"Internal Server Error\"}"));
        sandbox().enqueue(SandboxAnswer.dropConnection());
        sandbox().enqueue(SandboxAnswer.delayed(3000, SandboxAnswer.success()));
        sandbox().enqueue(SandboxAnswer.status(200, "<html>maintenance</html>"));
        String[] ids = {requestId("http-500"), requestId("dropped"), requestId("too-slow"), requestId("unreadable")};
        for (int i = 0; i < ids.length; i++) {
            publish(ids[i], command(ids[i], "USDT_TRC20", TRON, "4.0" + (i + 1)));
        }

        Map<String, Event> events = results().awaitRequests(WAIT, ids);

        for (int i = 0; i < ids.length; i++) {
            Event event = events.get(ids[i]);
            assertThat(event.errorType()).as(ids[i]).isEqualTo("outcome_unknown");
            assertThat(event.body().get("retryable").booleanValue()).isFalse();
            assertThat(requestsFor(TRON, "4.0" + (i + 1))).as("calls for " + ids[i]).hasSize(1);
        }
        assertThat(events.get(ids[0]).body().get("error").get("http_status").intValue()).isEqualTo(500);
        assertThat(events.get(ids[1]).body().get("error").get("http_status").isNull()).isTrue();
        assertThat(events.get(ids[2]).body().get("error").get("http_status").isNull()).isTrue();
        assertThat(events.get(ids[3]).body().get("error").get("api_error").textValue()).isEqualTo("<html>maintenance</html>");
    }

    @Test
    @Order(5)
    void rateLimitAnswersAreRetriedAfterTheIntervalUntilTheBudgetIsSpent() {
        sandbox().enqueue(SandboxAnswer.status(400, RATE_LIMIT_BODY));
        sandbox().enqueue(SandboxAnswer.status(429, ""));
        String recovers = requestId("recovers");
        publish(recovers, command(recovers, "USDT_TRC20", TRON, "5.1"));
        assertThat(results().awaitRequests(WAIT, recovers).get(recovers).topic()).isEqualTo(succeededTopic());
        List<RecordedRequest> recoveringCalls = requestsFor(TRON, "5.1");
        assertThat(recoveringCalls).hasSize(3);
        for (int i = 1; i < recoveringCalls.size(); i++) {
            long gapNanos = recoveringCalls.get(i).arrivalNanos() - recoveringCalls.get(i - 1).arrivalNanos();
            assertThat(gapNanos / 1_000_000).isGreaterThanOrEqualTo(minIntervalMillis());
        }

        for (int i = 0; i < 3; i++) {
            sandbox().enqueue(SandboxAnswer.status(400, RATE_LIMIT_BODY));
        }
        String givesUp = requestId("gives-up");
        publish(givesUp, command(givesUp, "USDT_TRC20", TRON, "5.2"));
        Event event = results().awaitRequests(WAIT, givesUp).get(givesUp);
        assertThat(event.errorType()).isEqualTo("rate_limited");
        assertThat(event.body().get("retryable").booleanValue()).isTrue();
        assertThat(event.body().get("error").get("api_error").get("result").has("rate_limit")).isTrue();
        assertThat(requestsFor(TRON, "5.2")).hasSize(3); // the first call and the 2 configured retries
    }

    @Test
    @Order(6)
    void aRefusedKeyHoldsTheCommandWithReadinessDownUntilTheApiAcceptsIt() throws InterruptedException {
        String unauthorized = "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}";
        assertThat(management("/observe/health/ready").statusCode()).isEqualTo(200);
        sandbox().setDefaultAnswer(SandboxAnswer.status(401, unauthorized));
        String first = requestId("held");
        String second = requestId("held");
        publish(first, command(first, "USDT_TRC20", TRON, "6.1"));
        publish(second, command(second, "USDT_TRC20", TRON, "6.2"));

        awaitReadiness(503);
        String ready = management("/observe/health/ready").body();
        assertThat(ready).contains("cryptocloud-api").contains("CryptoCloud refused the API key (HTTP 401)");
        assertThat(management("/observe/health/live").statusCode()).isEqualTo(200);
        long refused = requestsFor(TRON, "6.1").size();
        assertThat(refused).isGreaterThanOrEqualTo(1);
        assertThat(results().forRequest(first)).isEmpty();

        sandbox().resetDefault();
        Map<String, Event> events = results().awaitRequests(WAIT, first, second);

        assertThat(events.values()).allSatisfy(event -> assertThat(event.topic()).isEqualTo(succeededTopic()));
        assertThat(results().forRequest(first)).hasSize(1);
        assertThat(requestsFor(TRON, "6.1")).hasSize((int) refused + 1);
        assertThat(requestsFor(TRON, "6.2")).hasSize(1);
        awaitReadiness(200);
    }

    private void awaitReadiness(int status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (management("/observe/health/ready").statusCode() != status) {
            assertThat(System.nanoTime()).as("readiness never answered " + status).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    @Order(7)
    void metricsCountOutcomesAndTimeCallsAndTheThrottle() {
        var response = management("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        String metrics = response.body();
        assertThat(metrics)
                .containsPattern("withdrawals_results_total\\{error_type=\"none\",outcome=\"succeeded\",replayed=\"false\"[^}]*} [1-9]")
                .containsPattern("withdrawals_results_total\\{error_type=\"outcome_unknown\",outcome=\"failed\",replayed=\"false\"[^}]*} [4-9]")
                .containsPattern("withdrawals_results_total\\{error_type=\"rate_limited\",outcome=\"failed\"")
                .containsPattern("withdrawals_api_call_seconds_bucket\\{account=\"default\",answer=\"created\"")
                .containsPattern("withdrawals_api_call_seconds_count\\{account=\"default\",answer=\"not_executed\"[^}]*} [1-9]")
                .containsPattern("withdrawals_throttle_wait_seconds_count[^ ]* [1-9]")
                .containsPattern("withdrawals_commands_pending\\{account=\"all\",stage=\"intake\"} 0")
                .containsPattern("withdrawals_commands_pending\\{account=\"default\",stage=\"submission\"} 0")
                .doesNotContain(API_KEY);
    }

    @Test
    @Order(8)
    void theApiKeyAppearsInNoLogLineEventOrEventHeader() {
        assertThat(results().all()).isNotEmpty();
        assertThat(logs.lines()).isNotEmpty();
        assertThat(logs.lines()).noneMatch(line -> line.contains(API_KEY));
        assertThat(results().all()).noneMatch(event -> event.rawValue().contains(API_KEY)
                || event.headers().values().stream().anyMatch(v -> v != null && v.contains(API_KEY)));
        // the key did reach the API, so its absence elsewhere is not an accident of the test
        assertThat(sandbox().requests()).allMatch(r -> ("Token " + API_KEY).equals(r.header("Authorization")));
    }

    @AfterAll
    void removeCapturedLogs() {
        logs.close();
    }
}
