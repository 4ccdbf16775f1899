package io.github.cryptocloudwithdrawals.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptoCloudSandboxTest {

    private static final String KEY = "test-key-123";
    private static final String OTHER_KEY = "other-account-key-456";
    private static final String VALID_BODY =
            "{\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":10.50}";
    private static final String UNAUTHORIZED =
            "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}";
    private static final String RATE_LIMITED = "{\"status\":\"error\",\"result\":{\"rate_limit\":"
            + "\"Too many requests. Minimum interval between requests — 12 seconds.\"}}";
    private static final String INVOICE_ID = "INV-[A-Z0-9]{8}";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private CryptoCloudSandbox sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = CryptoCloudSandbox.start(SandboxSettings.forApiKey(KEY));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void successHasTheLongShapeByDefault() throws Exception {
        HttpResponse<String> response = post(VALID_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode root = JSON.readTree(response.body());
        assertThat(root.path("status").asText()).isEqualTo("success");
        JsonNode result = root.path("result");
        assertThat(result.path("uuid").asText()).matches(INVOICE_ID);
        assertThat(result.path("status").asText()).isEqualTo("created");
        assertThat(result.path("address").asText()).isEqualTo(TRON_ADDRESS);
        assertThat(result.path("currency").path("fullcode").asText()).isEqualTo("USDT_TRC20");
        assertThat(result.path("currency").path("code").asText()).isEqualTo("USDT");
        assertThat(result.path("currency").path("network").path("code").asText()).isEqualTo("TRC20");
        assertThat(result.path("amount").decimalValue()).isEqualTo(new BigDecimal("10.50"));
        assertThat(result.has("date_finished")).isTrue();
        assertThat(result.get("date_finished").isNull()).isTrue();
        assertThat(response.body()).contains("\"amount\":10.50");
    }

    @Test
    void successHasTheShortShapeWhenConfigured() throws Exception {
        try (CryptoCloudSandbox shortSandbox = CryptoCloudSandbox.start(
                SandboxSettings.forApiKey(KEY).withSuccessShape(SuccessShape.SHORT))) {
            HttpResponse<String> response = post(shortSandbox,
                    "{\"currency_code\":\"BTC\",\"to_address\":\"bc1qexample\",\"amount\":1e-8}", "Token " + KEY);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode result = JSON.readTree(response.body()).path("result");
            assertThat(result.path("invoice_id").asText()).matches(INVOICE_ID);
            assertThat(result.path("status").asText()).isEqualTo("created");
            assertThat(result.path("currency").asText()).isEqualTo("BTC");
            assertThat(result.path("amount").decimalValue()).isEqualByComparingTo("0.00000001");
            assertThat(response.body()).contains("\"amount\":0.00000001");
        }
    }

    @Test
    void eachSuccessGetsAFreshInvoiceId() throws Exception {
        String first = JSON.readTree(post(VALID_BODY).body()).path("result").path("uuid").asText();
        String second = JSON.readTree(post(VALID_BODY).body()).path("result").path("uuid").asText();
        assertThat(first).isNotEqualTo(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Token wrong-key", "Bearer " + KEY, "Token  " + KEY, "token " + KEY})
    void missingOrWrongAuthorizationIsUnauthorized(String authorization) throws Exception {
        HttpResponse<String> response = post(sandbox, VALID_BODY, authorization);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(UNAUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[1, 2]",
            "{\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":1}",
            "{\"currency_code\":\"TRX\",\"amount\":1}",
            "{\"currency_code\":\"TRX\",\"to_address\":\"" + TRON_ADDRESS + "\"}",
            "{\"currency_code\":\"TRX\",\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":null}",
            "{\"currency_code\":\"TRX\",\"to_address\":\"  \",\"amount\":1}"})
    void malformedBodyOrMissingFieldIsARequiredParameterError(String body) throws Exception {
        assertBadRequest(post(body), "required_parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"XYZ\"", "\"usdt_trc20\"", "\"USDT\"", "42"})
    void unknownCurrencyIsACurrencyCodeError(String currency) throws Exception {
        assertBadRequest(post("{\"currency_code\":" + currency + ",\"to_address\":\"x\",\"amount\":1}"),
                "currency_code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"10.5\"", "0", "0.0", "-1", "true", "{}"})
    void amountThatIsNotAPositiveNumberIsUncorrected(String amount) throws Exception {
        assertBadRequest(post("{\"currency_code\":\"TRX\",\"to_address\":\"x\",\"amount\":" + amount + "}"),
                "uncorrected_amount");
    }

    @Test
    void wrongPathOrMethodIsNotFound() throws Exception {
        HttpResponse<String> wrongPath = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v2/other"))
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(payoutUri(sandbox)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(wrongPath.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(wrongPath.body()).path("detail").asText()).isEqualTo("Not found.");
    }

    /** When a call is too soon is MinimumIntervalTest's; here, how the sandbox answers it (a minute: surely too soon). */
    @Test
    void callWithinTheMinimumIntervalIsRateLimited() throws Exception {
        try (CryptoCloudSandbox limited = CryptoCloudSandbox.start(
                SandboxSettings.forApiKey(KEY).withMinIntervalMs(60_000))) {
            String auth = "Token " + KEY;
            HttpResponse<String> first = post(limited, VALID_BODY, auth);
            HttpResponse<String> second = post(limited, VALID_BODY, auth);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(400);
            assertThat(second.body()).isEqualTo(RATE_LIMITED);
            assertThat(limited.requests()).as("the refused call is recorded too").hasSize(2);
        }
    }

    @Test
    void validationErrorsComeBeforeTheRateLimit() throws Exception {
        try (CryptoCloudSandbox limited = CryptoCloudSandbox.start(
                SandboxSettings.forApiKey(KEY).withMinIntervalMs(60_000))) {
            post(limited, VALID_BODY, "Token " + KEY);

            assertThat(post(limited, VALID_BODY, "Token nope").statusCode()).isEqualTo(401);
            assertBadRequest(post(limited, "{}", "Token " + KEY), "required_parameter");
            assertThat(post(limited, VALID_BODY, "Token " + KEY).body()).isEqualTo(RATE_LIMITED);
        }
    }

    @Test
    void everyConfiguredKeyIsAuthorizedAndNoOther() throws Exception {
        try (CryptoCloudSandbox accounts = CryptoCloudSandbox.start(
                SandboxSettings.forApiKey(KEY).withApiKeys(KEY, OTHER_KEY))) {
            assertThat(post(accounts, VALID_BODY, "Token " + KEY).statusCode()).isEqualTo(200);
            assertThat(post(accounts, VALID_BODY, "Token " + OTHER_KEY).statusCode()).isEqualTo(200);

            HttpResponse<String> third = post(accounts, VALID_BODY, "Token third-key");
            assertThat(third.statusCode()).isEqualTo(401);
            assertThat(third.body()).isEqualTo(UNAUTHORIZED);
        }
    }

    @Test
    void theMinimumIntervalIsPerKey() throws Exception {
        try (CryptoCloudSandbox accounts = CryptoCloudSandbox.start(
                SandboxSettings.forApiKey(KEY).withApiKeys(KEY, OTHER_KEY).withMinIntervalMs(60_000))) {
            HttpResponse<String> first = post(accounts, VALID_BODY, "Token " + KEY);
            HttpResponse<String> otherKeyRightAfter = post(accounts, VALID_BODY, "Token " + OTHER_KEY);
            HttpResponse<String> sameKeyAgain = post(accounts, VALID_BODY, "Token " + KEY);
            HttpResponse<String> otherKeyAgain = post(accounts, VALID_BODY, "Token " + OTHER_KEY);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(otherKeyRightAfter.statusCode()).isEqualTo(200);
            assertThat(sameKeyAgain.statusCode()).isEqualTo(400);
            assertThat(sameKeyAgain.body()).isEqualTo(RATE_LIMITED);
            assertThat(otherKeyAgain.body()).isEqualTo(RATE_LIMITED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Token nope", "Bearer " + KEY})
    void callsWithoutAValidKeyDoNotCountTowardsAnyKeysInterval(String authorization) throws Exception {
        try (CryptoCloudSandbox limited = CryptoCloudSandbox.start(
                SandboxSettings.forApiKey(KEY).withMinIntervalMs(60_000))) {
            assertThat(post(limited, VALID_BODY, authorization).statusCode()).isEqualTo(401);
            assertThat(post(limited, VALID_BODY, authorization).statusCode()).isEqualTo(401);

            assertThat(post(limited, VALID_BODY, "Token " + KEY).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestsAndGapsCanBeReadPerKey() throws Exception {
        try (CryptoCloudSandbox accounts = CryptoCloudSandbox.start(
                SandboxSettings.forApiKey(KEY).withApiKeys(KEY, OTHER_KEY))) {
            post(accounts, VALID_BODY, "Token " + KEY);
            post(accounts, "{\"other\":1}", "Token " + OTHER_KEY);
            post(accounts, "{\"again\":true}", "Token " + KEY);
            post(accounts, VALID_BODY, "Token nope");

            assertThat(accounts.requests(KEY)).extracting(RecordedRequest::body)
                    .containsExactly(VALID_BODY, "{\"again\":true}");
            assertThat(accounts.requests(OTHER_KEY)).extracting(RecordedRequest::body)
                    .containsExactly("{\"other\":1}");
            assertThat(accounts.requests("nope")).hasSize(1);
            assertThat(accounts.requests("unused")).isEmpty();
            assertThat(accounts.gapsMillis(KEY)).singleElement()
                    .satisfies(gap -> assertThat(gap).isGreaterThanOrEqualTo(accounts.gapsMillis().get(0)));
            assertThat(accounts.gapsMillis(OTHER_KEY)).isEmpty();
            assertThat(accounts.requests()).hasSize(4);
            assertThat(accounts.gapsMillis()).hasSize(3);
        }
    }

    @Test
    void scriptedAnswersAreUsedOnceInOrderThenTheEmulationResumes() throws Exception {
        sandbox.enqueue(SandboxAnswer.status(503, "{\"detail\":\"maintenance\"}"));
        sandbox.enqueue(SandboxAnswer.rejectNetwork());

        HttpResponse<String> first = post(VALID_BODY);
        HttpResponse<String> second = post(VALID_BODY);
        HttpResponse<String> third = post(VALID_BODY);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).isEqualTo("{\"detail\":\"maintenance\"}");
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body())
                .isEqualTo("{\"status\":\"error\",\"result\":{\"network\":\"Invalid address for network\"}}");
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void scriptedSuccessAnswersInTheRequestedShapeWithoutChecks() throws Exception {
        sandbox.enqueue(SandboxAnswer.successShort());
        sandbox.enqueue(SandboxAnswer.success());

        JsonNode shortResult = JSON.readTree(post(sandbox, VALID_BODY, "").body()).path("result");
        JsonNode longResult = JSON.readTree(post(sandbox, "not json", "").body()).path("result");

        assertThat(shortResult.path("invoice_id").asText()).matches(INVOICE_ID);
        assertThat(shortResult.path("currency").asText()).isEqualTo("USDT_TRC20");
        assertThat(longResult.path("uuid").asText()).matches(INVOICE_ID);
        assertThat(longResult.path("amount").isNull()).isTrue();
    }

    @Test
    void notFoundRequestsDoNotConsumeScriptedAnswers() throws Exception {
        sandbox.enqueue(SandboxAnswer.status(500, "{}"));
        http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(post(VALID_BODY).statusCode()).isEqualTo(500);
    }

    @Test
    void defaultAnswerAppliesToEveryCallUntilReset() throws Exception {
        sandbox.setDefaultAnswer(SandboxAnswer.status(401, UNAUTHORIZED));
        assertThat(post(VALID_BODY).statusCode()).isEqualTo(401);
        assertThat(post(VALID_BODY).statusCode()).isEqualTo(401);

        sandbox.resetDefault();
        assertThat(post(VALID_BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void delayedAnswerWaitsWithoutHoldingOtherCalls() throws Exception {
        sandbox.enqueue(SandboxAnswer.delayed(5000, SandboxAnswer.success()));

        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(payoutRequest(sandbox, VALID_BODY,
                "Token " + KEY), HttpResponse.BodyHandlers.ofString());
        awaitRequestCount(1);
        HttpResponse<String> fast = post(VALID_BODY);

        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(slow).isNotDone();
        assertThat(sandbox.requests()).hasSize(2);
        assertThat(slow.get().statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void droppedConnectionGivesTheClientNoResponse() {
        sandbox.enqueue(SandboxAnswer.dropConnection());

        assertThatThrownBy(() -> post(VALID_BODY)).isInstanceOf(IOException.class);
        assertThat(sandbox.requests()).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo(VALID_BODY));
    }

    @Test
    void requestLogRecordsBodyHeadersAndArrivalOrder() throws Exception {
        post(VALID_BODY);
        post("{\"second\":true}");

        assertThat(sandbox.requests()).hasSize(2);
        RecordedRequest first = sandbox.requests().get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo(CryptoCloudSandbox.PAYOUT_PATH);
        assertThat(first.body()).isEqualTo(VALID_BODY);
        assertThat(first.header("authorization")).isEqualTo("Token " + KEY);
        assertThat(first.header("CONTENT-TYPE")).isEqualTo("application/json");
        assertThat(first.header("X-Missing")).isNull();
        assertThat(first.arrivedAt()).isNotNull();
        assertThat(sandbox.requests().get(1).arrivalNanos()).isGreaterThan(first.arrivalNanos());
        assertThat(sandbox.gapsMillis()).hasSize(1).allSatisfy(gap -> assertThat(gap).isNotNegative());

        sandbox.clearRequests();
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void theKeyNeverShowsInTextMeantForPeople() throws Exception {
        post(VALID_BODY);

        assertThat(sandbox.requests().get(0).toString()).doesNotContain(KEY).contains("Authorization");
        assertThat(SandboxSettings.forApiKey(KEY).toString()).doesNotContain(KEY);
        assertThat(SandboxSettings.forApiKey(KEY).withApiKeys(KEY, OTHER_KEY).toString())
                .doesNotContain(KEY).doesNotContain(OTHER_KEY);
        assertThat(post(sandbox, VALID_BODY, "Token " + KEY + "x").body()).doesNotContain(KEY);
    }

    @Test
    void baseUrlPointsAtTheBoundPort() {
        assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
        assertThat(sandbox.port()).isPositive();
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return post(sandbox, body, "Token " + KEY);
    }

    private HttpResponse<String> post(CryptoCloudSandbox target, String body, String authorization)
            throws IOException, InterruptedException {
        return http.send(payoutRequest(target, body, authorization), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest payoutRequest(CryptoCloudSandbox target, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(payoutUri(target))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static URI payoutUri(CryptoCloudSandbox target) {
        return URI.create(target.baseUrl() + CryptoCloudSandbox.PAYOUT_PATH);
    }

    private static void assertBadRequest(HttpResponse<String> response, String errorKey) throws IOException {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode root = JSON.readTree(response.body());
        assertThat(root.path("status").asText()).isEqualTo("error");
        assertThat(root.path("result").fieldNames()).toIterable().containsExactly(errorKey);
        assertThat(root.path("result").path(errorKey).asText()).isNotBlank();
    }

    private void awaitRequestCount(int count) {
        waitFor(count + " requests at the sandbox").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sandbox.requests()).hasSize(count));
    }
}
