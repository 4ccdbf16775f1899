package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.PrometheusText.increase;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.BITCOIN_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.ETHEREUM_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.SOLANA_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.CapturedLogs;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The pipeline end to end: Kafka command in, CryptoCloud call out, one result event back. The
 * tests share one service and run in any order: each publishes its own commands (amounts of its
 * own), and the metrics are compared before and after.
 */
@Isolated("it asserts the gaps between calls at the sandbox: other test classes' services on the two cores could"
        + " hold a call up between the rate gate and the wire, shortening the next gap as the sandbox sees it")
class WithdrawalPipelineTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String UNAUTHORIZED =
            "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}";
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
    void paysValidCommandsOnSeveralNetworksWithExactlyTheDocumentedRequest() throws Exception {
        String tron = requestId("tron");
        String btc = requestId("btc");
        String eth = requestId("eth");
        String sol = requestId("sol");
        publish(tron, "{\"request_id\":\"" + tron + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON_ADDRESS
                + "\",\"amount\":\"10.50\",\"metadata\":{\"user_id\":42}}", "trace-id", "trace-" + tron);
        publish(btc, command(btc, "BTC", BITCOIN_ADDRESS, "0.00023"));
        publish(eth, command(eth, "ETH", ETHEREUM_ADDRESS, "1.5e-7"));
        publish(sol, command(sol, "USDC_SOL", SOLANA_ADDRESS, "25"));

        Map<String, Event> events = results().awaitRequests(WAIT, tron, btc, eth, sol);

        Event tronEvent = events.get(tron);
        assertThat(tronEvent.topic()).isEqualTo(succeededTopic());
        JsonNode body = tronEvent.body();
        assertThat(body.get("request_id").textValue()).isEqualTo(tron);
        assertThat(body.get("invoice_id").textValue()).startsWith("INV-");
        assertThat(body.get("invoice_id").textValue()).isEqualTo(body.get("response").get("uuid").textValue());
        assertThat(body.get("status").textValue()).isEqualTo("created");
        assertThat(body.get("currency_code").textValue()).isEqualTo("USDT_TRC20");
        assertThat(body.get("to_address").textValue()).isEqualTo(TRON_ADDRESS);
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

        List<RecordedRequest> tronCalls = requestsFor(TRON_ADDRESS, "10.5");
        assertThat(tronCalls).hasSize(1);
        RecordedRequest call = tronCalls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/v2/invoice/api/out/create");
        assertThat(call.body()).isEqualTo("{\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":10.5}");
        assertThat(call.header("Authorization")).isEqualTo("Token " + API_KEY);
        assertThat(call.header("Content-Type")).startsWith("application/json");
        assertThat(call.header("trace-id")).isNull();
        assertThat(call.headers().keySet()).noneMatch(name -> name.toLowerCase().startsWith("kafka")
                || name.toLowerCase().startsWith("camel"));
        assertThat(requestsFor(ETHEREUM_ADDRESS, "0.00000015")).hasSize(1);
    }

    @Test
    void spacesConsecutiveCallsByAtLeastTheIntervalAsMeasuredAtTheApi() {
        sandbox().clearRequests();
        String[] ids = new String[6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = requestId("spaced-" + i);
            publish(ids[i], command(ids[i], "USDT_TRC20", TRON_ADDRESS, "1." + i));
        }

        results().awaitRequests(WAIT, ids);

        List<Long> gaps = sandbox().gapsMillis();
        assertThat(gaps).hasSize(ids.length - 1);
        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(minIntervalMillis()));
        System.out.printf("measured gaps at the stub with a %d ms interval: %s%n", minIntervalMillis(), gaps);
    }

    @Test
    void anApiRejectionIsAFailureCarryingTheApiError() {
        sandbox().enqueue(SandboxAnswer.rejectNetwork());
        String id = requestId("rejected");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "3"));

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
    void answersThatDoNotProveTheOutcomeAreOutcomeUnknownAndNeverSentAgain() {
        sandbox().enqueue(SandboxAnswer.status(500, "{\"detail\":\"Internal Server Error\"}"));
        sandbox().enqueue(SandboxAnswer.dropConnection());
        sandbox().enqueue(SandboxAnswer.delayed(3000, SandboxAnswer.success()));
        sandbox().enqueue(SandboxAnswer.status(200, "<html>maintenance</html>"));
        String[] ids = {requestId("http-500"), requestId("dropped"), requestId("too-slow"), requestId("unreadable")};
        for (int i = 0; i < ids.length; i++) {
            publish(ids[i], command(ids[i], "USDT_TRC20", TRON_ADDRESS, "4.0" + (i + 1)));
        }

        Map<String, Event> events = results().awaitRequests(WAIT, ids);

        for (int i = 0; i < ids.length; i++) {
            Event event = events.get(ids[i]);
            assertThat(event.errorType()).as(ids[i]).isEqualTo("outcome_unknown");
            assertThat(event.body().get("retryable").booleanValue()).isFalse();
            assertThat(requestsFor(TRON_ADDRESS, "4.0" + (i + 1))).as("calls for " + ids[i]).hasSize(1);
        }
        assertThat(events.get(ids[0]).body().get("error").get("http_status").intValue()).isEqualTo(500);
        assertThat(events.get(ids[1]).body().get("error").get("http_status").isNull()).isTrue();
        assertThat(events.get(ids[2]).body().get("error").get("http_status").isNull()).isTrue();
        assertThat(events.get(ids[3]).body().get("error").get("api_error").textValue()).isEqualTo("<html>maintenance</html>");
    }

    @Test
    void rateLimitAnswersAreRetriedAfterTheIntervalUntilTheBudgetIsSpent() {
        sandbox().enqueue(SandboxAnswer.status(400, RATE_LIMIT_BODY));
        sandbox().enqueue(SandboxAnswer.status(429, ""));
        String recovers = requestId("recovers");
        publish(recovers, command(recovers, "USDT_TRC20", TRON_ADDRESS, "5.1"));
        assertThat(results().awaitRequests(WAIT, recovers).get(recovers).topic()).isEqualTo(succeededTopic());
        List<RecordedRequest> recoveringCalls = requestsFor(TRON_ADDRESS, "5.1");
        assertThat(recoveringCalls).hasSize(3);
        for (int i = 1; i < recoveringCalls.size(); i++) {
            long gapNanos = recoveringCalls.get(i).arrivalNanos() - recoveringCalls.get(i - 1).arrivalNanos();
            assertThat(gapNanos / 1_000_000).isGreaterThanOrEqualTo(minIntervalMillis());
        }

        for (int i = 0; i < 3; i++) {
            sandbox().enqueue(SandboxAnswer.status(400, RATE_LIMIT_BODY));
        }
        String givesUp = requestId("gives-up");
        publish(givesUp, command(givesUp, "USDT_TRC20", TRON_ADDRESS, "5.2"));
        Event event = results().awaitRequests(WAIT, givesUp).get(givesUp);
        assertThat(event.errorType()).isEqualTo("rate_limited");
        assertThat(event.body().get("retryable").booleanValue()).isTrue();
        assertThat(event.body().get("error").get("api_error").get("result").has("rate_limit")).isTrue();
        assertThat(requestsFor(TRON_ADDRESS, "5.2")).hasSize(3); // the first call and the 2 configured retries
    }

    @Test
    void aRefusedKeyHoldsTheCommandWithReadinessDownUntilTheApiAcceptsIt() throws InterruptedException {
        awaitReadiness(200);
        sandbox().setDefaultAnswer(SandboxAnswer.status(401, UNAUTHORIZED));
        String first = requestId("held");
        String second = requestId("held");
        publish(first, command(first, "USDT_TRC20", TRON_ADDRESS, "6.1"));
        publish(second, command(second, "USDT_TRC20", TRON_ADDRESS, "6.2"));

        awaitReadiness(503);
        String ready = management("/observe/health/ready").body();
        assertThat(ready).contains("cryptocloud-api").contains("CryptoCloud refused the API key (HTTP 401)");
        assertThat(management("/observe/health/live").statusCode()).isEqualTo(200);
        long refused = requestsFor(TRON_ADDRESS, "6.1").size();
        assertThat(refused).isGreaterThanOrEqualTo(1);
        assertThat(results().forRequest(first)).isEmpty();

        sandbox().resetDefault();
        Map<String, Event> events = results().awaitRequests(WAIT, first, second);

        assertThat(events.values()).allSatisfy(event -> assertThat(event.topic()).isEqualTo(succeededTopic()));
        assertThat(results().forRequest(first)).hasSize(1);
        assertThat(requestsFor(TRON_ADDRESS, "6.1")).hasSize((int) refused + 1);
        assertThat(requestsFor(TRON_ADDRESS, "6.2")).hasSize(1);
        awaitReadiness(200);
    }

    @Test
    void metricsCountOutcomesAndTimeCallsAndTheThrottle() {
        String before = metrics();
        sandbox().enqueue(SandboxAnswer.status(500, "{\"detail\":\"Internal Server Error\"}"));
        for (int i = 0; i < 3; i++) {
            sandbox().enqueue(SandboxAnswer.status(400, RATE_LIMIT_BODY));
        }
        sandbox().enqueue(SandboxAnswer.status(401, UNAUTHORIZED));
        String[] ids = {requestId("unknown"), requestId("limited"), requestId("held-then-paid"), requestId("paid")};
        for (int i = 0; i < ids.length; i++) {
            // one after the other: the sandbox's answers are taken in the order of the calls
            publish(ids[i], command(ids[i], "USDT_TRC20", TRON_ADDRESS, "7." + (i + 1)));
            results().awaitRequests(WAIT, ids[i]);
        }

        waitFor("no command pending in the metrics").atMost(WAIT).untilAsserted(() -> assertThat(metrics())
                .containsPattern("withdrawals_commands_pending\\{account=\"all\",stage=\"intake\"} 0")
                .containsPattern("withdrawals_commands_pending\\{account=\"default\",stage=\"submission\"} 0"));
        String after = metrics();
        assertThat(after).doesNotContain(API_KEY);
        assertThat(increase(before, after, "withdrawals_results_total", "outcome=\"succeeded\"", "error_type=\"none\"",
                "replayed=\"false\"")).as("successes").isEqualTo(2);
        assertThat(increase(before, after, "withdrawals_results_total", "error_type=\"outcome_unknown\"",
                "replayed=\"false\"")).as("unknown outcomes").isEqualTo(1);
        assertThat(increase(before, after, "withdrawals_results_total", "error_type=\"rate_limited\""))
                .as("rate-limited failures").isEqualTo(1);
        assertThat(increase(before, after, "withdrawals_api_call_seconds_count", "account=\"default\"",
                "answer=\"created\"")).as("calls answered created").isEqualTo(2);
        assertThat(increase(before, after, "withdrawals_api_call_seconds_count", "account=\"default\"",
                "answer=\"unknown\"")).as("calls answered unknown").isEqualTo(1);
        assertThat(increase(before, after, "withdrawals_api_call_seconds_count", "account=\"default\"",
                "answer=\"rate_limited\"")).as("calls answered rate_limited").isEqualTo(3);
        assertThat(increase(before, after, "withdrawals_api_call_seconds_count", "account=\"default\"",
                "answer=\"not_executed\"")).as("calls answered not_executed").isEqualTo(1);
        assertThat(after).containsPattern("withdrawals_api_call_seconds_bucket\\{account=\"default\",answer=\"created\"");
        assertThat(increase(before, after, "withdrawals_throttle_wait_seconds_count")).as("throttle waits").isPositive();
    }

    private String metrics() {
        HttpResponse<String> response = management("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void theApiKeyAppearsInNoLogLineEventOrEventHeader() {
        String id = requestId("key-check");
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "8.1"));
        results().awaitRequests(WAIT, id);

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

    /**
     * Camel 4.22 made its Kafka producers linger 5 ms before each send (Kafka 4's default; 0 in
     * Camel 4.18). The service waits for every send to be acknowledged before it goes on (an
     * intake batch, a result, a command a resolution queues), so a linger would only delay it:
     * measured on a one-record-at-a-time route, 182 records/s with it against thousands without.
     * Every Kafka endpoint of the running service sends at once.
     */
    @Test
    void noKafkaProducerOfTheServiceLingers() {
        List<KafkaEndpoint> endpoints = context().getEndpoints().stream().filter(KafkaEndpoint.class::isInstance)
                .map(KafkaEndpoint.class::cast).toList();

        assertThat(endpoints).extracting(endpoint -> endpoint.getConfiguration().getTopic()).contains(succeededTopic(), failedTopic());
        assertThat(endpoints).allSatisfy(endpoint -> assertThat(endpoint.getConfiguration().getLingerMs())
                .as("linger.ms of %s", endpoint.getEndpointUri()).isZero());
    }
}
