package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.KeyFiles;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each of CryptoCloud's answer forms through the real routes, a real broker and the sandbox (which
 * answers them by amount, or as scripted): what the command's result is, and how often it is sent.
 * The default account's key is a mounted file here, so a refused key leads to reading it again.
 */
@Isolated("it asserts the gaps between calls at the sandbox: other test classes' services on the two cores could"
        + " hold a call up between the rate gate and the wire, shortening the next gap as the sandbox sees it")
class AnswerFormsPipelineTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String AUTHORIZATION_ENVELOPE =
            "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}";
    private static final Path KEY_FILE = KeyFiles.holding(API_KEY);

    /** Distinct amounts (never a sandbox form's) tell each command's calls apart. */
    private final AtomicInteger amounts = new AtomicInteger();

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("cryptocloud.api-key", "");
        settings.put("cryptocloud.api-key-file", KEY_FILE.toString());
    }

    private String publishNew(String name, String amount) {
        String id = requestId(name);
        publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "\"" + amount + "\""));
        return id;
    }

    private String uniqueAmount() {
        return "7." + String.format("%04d", amounts.incrementAndGet()) + "1";
    }

    private List<RecordedRequest> callsFor(String amount) {
        BigDecimal value = new BigDecimal(amount);
        return sandbox().requests().stream().filter(call -> {
            JsonNode body = json(call.body());
            return body.has("amount") && body.get("amount").decimalValue().compareTo(value) == 0;
        }).toList();
    }

    private static JsonNode json(String text) {
        try {
            return io.github.cryptocloudwithdrawals.json.JsonMapping.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSuccessUnderDataIsPaidWithItsInvoiceIdAndTheObjectAsReceived() {
        String id = publishNew("data", "200.1");

        Event event = results().awaitRequests(WAIT, id).get(id);

        assertThat(event.topic()).isEqualTo(succeededTopic());
        JsonNode response = event.body().get("response");
        assertThat(response.fieldNames()).toIterable().containsExactly("invoice_id", "status", "currency", "amount");
        assertThat(event.body().get("invoice_id").textValue()).matches("INV-[A-Z0-9]{8}")
                .isEqualTo(response.get("invoice_id").textValue());
        assertThat(event.body().get("status").textValue()).isEqualTo("created");
        assertThat(response.get("currency").textValue()).isEqualTo("USDT_TRC20");
        assertThat(response.get("amount").decimalValue()).isEqualByComparingTo("200.1");
        assertThat(callsFor("200.1")).hasSize(1);
    }

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(delimiter = '|', value = {
            "400|{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}|authorization: Unauthorized request.",
            "400|{\"detail\":\"Signature verification failed\"}|detail: Signature verification failed",
            "400|{\"detail\":\"Invalid header padding\"}|detail: Invalid header padding",
            "403|{\"detail\":\"You do not have permission to perform this action.\"}|HTTP 403"})
    void aRefusedKeyHoldsTheCommandWithReadinessDownUntilTheApiAcceptsItThenPaysOnce(int status, String body, String reason)
            throws InterruptedException {
        sandbox().setDefaultAnswer(SandboxAnswer.status(status, body));
        String amount = uniqueAmount();
        String id = publishNew("refused", amount);

        awaitReadiness(503);
        HttpResponse<String> ready = management("/observe/health/ready");
        assertThat(ready.body()).contains("cryptocloud-api").contains("CryptoCloud refused the API key").contains(reason)
                .doesNotContain(API_KEY);
        assertThat(management("/observe/health/live").statusCode()).isEqualTo(200);
        awaitCalls(amount, 2);
        assertThat(results().forRequest(id)).as("no result, and above all no failure, while the key is refused").isEmpty();

        long resetAt = resetBetweenTwoCalls();
        Event event = results().awaitRequests(WAIT, id).get(id);

        assertThat(event.topic()).isEqualTo(succeededTopic());
        assertThat(results().forRequest(id)).hasSize(1);
        List<RecordedRequest> calls = callsFor(amount);
        assertThat(calls.stream().filter(call -> call.arrivalNanos() > resetAt)).as("accepted calls").hasSize(1);
        assertThat(calls).as("refused calls, then the accepted one").hasSizeGreaterThanOrEqualTo(3);
        awaitReadiness(200);
    }

    /**
     * SPEC §4: a 4xx that is not the API's error envelope (a wrong base URL or path, a proxy's or a
     * web server's page) never reached the payout endpoint as meant: nothing was executed and the
     * command is not at fault. It is held like an unreachable API, never failed, so its request_id
     * is paid once the answers stop.
     */
    @ParameterizedTest(name = "HTTP {0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "404|application/json|{\"detail\":\"Not found.\"}",
            "404|text/html|<html><body><h1>404 Not Found</h1></body></html>",
            "405|application/json|{\"detail\":\"Method \\\"POST\\\" not allowed.\"}",
            "407|text/html|<html><head><title>407 Proxy Authentication Required</title></head></html>",
            "408|text/html|<html><body><h1>408 Request Time-out</h1></body></html>",
            "413|text/html|<html><head><title>413 Request Entity Too Large</title></head><body>nginx</body></html>",
            "415|application/json|{\"detail\":\"Unsupported media type \\\"text/plain\\\" in request.\"}",
            "421|text/plain|Misdirected Request",
            "426|text/plain|Upgrade Required",
            "431|text/html|<html><body><h1>431 Request Header Fields Too Large</h1></body></html>",
            "400|text/html|<html><head><title>400 Bad Request</title></head><body>nginx</body></html>",
            "422|text/plain|''"})
    void anAnswerThatDidNotComeFromThePayoutEndpointHoldsTheCommandUntilItStopsThenPaysOnce(
            int status, String contentType, String body) {
        sandbox().setDefaultAnswer(SandboxAnswer.status(status, contentType, body));
        String amount = uniqueAmount();
        String id = publishNew("not-the-endpoint", amount);

        awaitReadiness(503);
        assertThat(readinessReasons()).singleElement().satisfies(reason -> assertThat(reason)
                .startsWith("cryptocloud-api: the answer HTTP " + status + " did not come from CryptoCloud's payout endpoint")
                .endsWith("(POST " + sandbox().baseUrl() + CryptoCloudSandbox.PAYOUT_PATH + ")").doesNotContain(API_KEY));
        assertThat(management("/observe/health/live").statusCode()).isEqualTo(200);
        awaitCalls(amount, 2);
        assertThat(results().forRequest(id)).as("no result, and above all no failure: the request_id is not used up")
                .isEmpty();

        long resetAt = resetBetweenTwoCalls();
        Event event = results().awaitRequests(WAIT, id).get(id);

        assertThat(event.topic()).isEqualTo(succeededTopic());
        assertThat(results().forRequest(id)).hasSize(1);
        assertThat(callsFor(amount).stream().filter(call -> call.arrivalNanos() > resetAt)).as("accepted calls").hasSize(1);
        awaitReadiness(200);
    }

    @Test
    void aKeyFileIsReadAgainAfterTheAuthorizationEnvelope() throws Exception {
        sandbox().setDefaultAnswer(SandboxAnswer.status(400, AUTHORIZATION_ENVELOPE));
        String rotatedOut = "rotated-out-" + API_KEY;
        Files.writeString(KEY_FILE, rotatedOut);
        String amount = uniqueAmount();
        String id = publishNew("rotated", amount);

        // every answer so far is the 400 envelope: a call with the file's key proves it was read again
        long rotatedCall = awaitCallWithKey(amount, rotatedOut, 0);
        Files.writeString(KEY_FILE, API_KEY);
        awaitCallWithKey(amount, API_KEY, rotatedCall);
        long resetAt = resetBetweenTwoCalls();

        assertThat(results().awaitRequests(WAIT, id).get(id).topic()).isEqualTo(succeededTopic());
        assertThat(callsFor(amount).stream().filter(call -> call.arrivalNanos() > resetAt)).singleElement()
                .satisfies(call -> assertThat(call.header("Authorization")).isEqualTo("Token " + API_KEY));
        awaitReadiness(200);
    }

    /** The sandbox's forms of a refused key and of answers from outside the payout endpoint (README: Run it). */
    @Test
    void theSandboxsHeldFormsHoldOnceThenPay() {
        Map<String, String> amounts = Map.ofEntries(Map.entry("envelope", "400.1"), Map.entry("signature", "400.2"),
                Map.entry("padding", "400.3"), Map.entry("forbidden", "403.1"), Map.entry("proxy-400", "400.9"),
                Map.entry("not-found", "404.1"), Map.entry("method", "405.1"), Map.entry("proxy-login", "407.1"),
                Map.entry("request-timeout", "408.1"), Map.entry("too-large", "413.1"), Map.entry("media-type", "415.1"),
                Map.entry("misdirected", "421.1"), Map.entry("upgrade", "426.1"), Map.entry("headers", "431.1"));
        String[] ids = amounts.entrySet().stream().map(form -> publishNew(form.getKey(), form.getValue()))
                .toArray(String[]::new);

        Map<String, Event> events = results().awaitRequests(WAIT, ids);

        assertThat(events.values()).allSatisfy(event -> assertThat(event.topic()).isEqualTo(succeededTopic()));
        amounts.values().forEach(amount -> assertThat(callsFor(amount)).as("calls with " + amount).hasSize(2));
    }

    @Test
    void rateLimitErrorsUnderOtherStatusesAreRetriedThroughTheThrottle() {
        String in200 = publishNew("rate-200", "200.2");
        String in500 = publishNew("rate-500", "500.1");

        Map<String, Event> events = results().awaitRequests(WAIT, in200, in500);

        assertThat(events.values()).allSatisfy(event -> assertThat(event.topic()).isEqualTo(succeededTopic()));
        for (String amount : List.of("200.2", "500.1")) {
            List<RecordedRequest> calls = callsFor(amount);
            assertThat(calls).as("calls with " + amount).hasSize(2);
            assertThat((calls.get(1).arrivalNanos() - calls.get(0).arrivalNanos()) / 1_000_000)
                    .as("the retry waited for its turn").isGreaterThanOrEqualTo(minIntervalMillis());
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"400.4, required_parameter", "400.5, currency_code", "400.6, network", "400.7, uncorrected_amount",
            "400.8, validate_error"})
    void documentedErrorKeysAreRejectedWithTheApiError(String amount, String key) {
        String id = publishNew(key, amount);

        Event event = results().awaitRequests(WAIT, id).get(id);

        assertThat(event.topic()).isEqualTo(failedTopic());
        assertThat(event.errorType()).isEqualTo("rejected");
        assertThat(event.body().get("retryable").booleanValue()).isFalse();
        JsonNode error = event.body().get("error");
        assertThat(error.get("http_status").intValue()).isEqualTo(400);
        assertThat(error.get("api_error").get("result").has(key)).isTrue();
        assertThat(error.get("message").textValue()).startsWith("CryptoCloud rejected the withdrawal (HTTP 400): " + key + ": ");
        assertThat(callsFor(amount)).hasSize(1);
    }

    @Test
    void answersHoldingNumbersBeyondPlainNotationStillGiveOneResult() {
        sandbox().enqueue(SandboxAnswer.status(400, "{\"status\":\"error\",\"result\":{\"uncorrected_amount\":1e999999999}}"));
        sandbox().enqueue(SandboxAnswer.status(200, "{\"status\":\"success\",\"result\":{\"invoice_id\":\"INV-EXTREME1\","
                + "\"status\":\"created\",\"fee\":-1E-999999999}}"));
        String rejected = publishNew("extreme-rejected", uniqueAmount());
        String paid = publishNew("extreme-paid", uniqueAmount());

        Map<String, Event> events = results().awaitRequests(WAIT, rejected, paid);

        assertThat(events.get(rejected).errorType()).isEqualTo("rejected");
        assertThat(events.get(rejected).rawValue()).contains("\"uncorrected_amount\":1E+999999999");
        assertThat(events.get(paid).topic()).isEqualTo(succeededTopic());
        assertThat(events.get(paid).body().get("invoice_id").textValue()).isEqualTo("INV-EXTREME1");
        assertThat(events.get(paid).rawValue()).contains("\"fee\":-1E-999999999");
    }

    private void awaitCalls(String amount, int count) {
        waitFor(count + " calls with " + amount).atMost(WAIT)
                .untilAsserted(() -> assertThat(callsFor(amount)).hasSizeGreaterThanOrEqualTo(count));
    }

    /** Waits for a call with this key arriving after {@code afterNanos}; returns its arrival. */
    private long awaitCallWithKey(String amount, String key, long afterNanos) {
        return waitFor("a call with the key now in the file").atMost(WAIT)
                .until(() -> callsFor(amount).stream().filter(c -> c.arrivalNanos() > afterNanos
                        && ("Token " + key).equals(c.header("Authorization"))).findFirst(), Optional::isPresent)
                .get().arrivalNanos();
    }

    /**
     * Switches the sandbox back to accepting the key when no call can be at it: at least 50 ms
     * after the last call arrived (its answer long decided) and before the next, which comes no
     * sooner than the interval (200 ms) plus margin after it. The switch happens in the check that
     * finds the moment, so no delay can come between the two.
     *
     * @return nanoTime right after the switch: calls arriving later are answered by the emulated API
     */
    private long resetBetweenTwoCalls() {
        long[] switched = new long[1];
        waitFor("a quiet moment between two calls").atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> {
            List<RecordedRequest> calls = sandbox().requests();
            long sinceLast = (System.nanoTime() - calls.get(calls.size() - 1).arrivalNanos()) / 1_000_000;
            if (sinceLast < 50 || sinceLast > 120) {
                return false;
            }
            sandbox().resetDefault();
            switched[0] = System.nanoTime();
            return true;
        });
        return switched[0];
    }
}
