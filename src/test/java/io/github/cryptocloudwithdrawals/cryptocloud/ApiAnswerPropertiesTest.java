package io.github.cryptocloudwithdrawals.cryptocloud;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.events.ResultRecords;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Whatever CryptoCloud (or anything between it and the service) answers: reading it never throws,
 * the result event built from it can always be written as JSON, and it is read money-safely. The
 * money rule is stated here on its own, not through the answer table: only a 2xx whose body says
 * success with an invoice id is {@code created}; only an answer that says it was not executed (and
 * does not also claim success) leads to another call; anything else is {@code rejected} (a 2xx or
 * 4xx) or {@code unknown}.
 */
class ApiAnswerPropertiesTest {

    /** A lenient reading of the body, for the oracle: no limits the service's reading may add. */
    private static final ObjectMapper LENIENT = new ObjectMapper();
    /** Whether a body is JSON at all, for the oracle: one document, nothing after it, no limit on depth or numbers. */
    private static final ObjectReader STRICT = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE).build()).build())
            .reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** SPEC §4: statuses a server in front of the payout endpoint answers, written out here on their own. */
    private static final Set<Integer> NOT_THE_ENDPOINT = Set.of(404, 405, 407, 408, 413, 415, 421, 426, 431);
    private static final CamelContext CAMEL = new DefaultCamelContext();

    private final ResultEvents events = new ResultEvents(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
    private final ResultRecords records = new ResultRecords("urn:test", (event, commandTimestamp) -> { });
    private final WithdrawalCommand command = new WithdrawalCommand("payout-1", null, Currency.USDT_TRC20, TRON_ADDRESS,
            new BigDecimal("10.50"), null, JsonMapping.MAPPER.createObjectNode().put("request_id", "payout-1"));

    @Property(tries = 3000)
    void anyAnswerIsReadMoneySafelyAndMakesAWritableEvent(@ForAll("statuses") int status, @ForAll("bodies") String body)
            throws Exception {
        ApiAnswer answer = ApiAnswers.fromResponse(status, body);

        assertMoneySafe(status, body, answer);
        Optional<ResultEvent> event = eventOf(answer);
        if (event.isPresent()) {
            assertWritable(event.get());
        }
    }

    @Property(tries = 200)
    void anyFailureWithoutAnAnswerIsHeldOnlyWhenNothingCanHaveBeenSent(@ForAll("failures") Exception failure)
            throws Exception {
        ApiAnswer answer = ApiAnswers.fromSendFailure(failure);

        boolean beforeSending = failure instanceof ConnectException || failure instanceof ConnectTimeoutException
                || failure instanceof UnknownHostException || failure instanceof SSLHandshakeException
                || failure instanceof SSLPeerUnverifiedException;
        assertThat(answer.name()).isEqualTo(beforeSending ? "not_executed" : "unknown");
        Optional<ResultEvent> event = eventOf(answer);
        if (event.isPresent()) {
            assertWritable(event.get());
        }
    }

    @Example
    void anExtremeNumberInAnErrorBodyStillMakesAWritableRejection() throws Exception {
        ApiAnswer answer = ApiAnswers.fromResponse(400, "{\"status\":\"error\",\"result\":{\"uncorrected_amount\":1e999999999}}");

        assertThat(answer).isInstanceOf(ApiAnswer.Rejected.class);
        JsonNode written = assertWritable(eventOf(answer).orElseThrow());
        assertThat(written.at("/error/api_error/result/uncorrected_amount").decimalValue())
                .isEqualByComparingTo(new BigDecimal("1e999999999"));
    }

    @Example
    void anExtremeNumberInASuccessKeepsTheSuccess() throws Exception {
        ApiAnswer answer = ApiAnswers.fromResponse(200, "{\"status\":\"success\",\"data\":{\"invoice_id\":\"INV-1\","
                + "\"amount\":-1E-999999999,\"fee\":1e999999999}}");

        assertThat(answer).isInstanceOf(ApiAnswer.Created.class);
        JsonNode written = assertWritable(eventOf(answer).orElseThrow());
        assertThat(written.get("invoice_id").textValue()).isEqualTo("INV-1");
        assertThat(written.at("/response/amount").decimalValue()).isEqualByComparingTo(new BigDecimal("-1E-999999999"));
    }

    @Example
    void aNumberBeyondBigDecimalMakesTheBodyText() throws Exception {
        String body = "{\"status\":\"success\",\"data\":{\"invoice_id\":\"INV-1\",\"fee\":1e99999999999}}";
        ApiAnswer answer = ApiAnswers.fromResponse(200, body);

        assertThat(answer).isInstanceOf(ApiAnswer.Unknown.class);
        JsonNode written = assertWritable(eventOf(answer).orElseThrow());
        assertThat(written.at("/error/api_error").textValue()).isEqualTo(body);
    }

    @Example
    void aDeeplyNestedBodyIsEchoedAsText() throws Exception {
        String body = "[".repeat(999) + "]".repeat(999);
        ApiAnswer answer = ApiAnswers.fromResponse(400, body);

        JsonNode written = assertWritable(eventOf(answer).orElseThrow());
        assertThat(written.at("/error/api_error").isTextual()).isTrue();
    }

    // --- the money rule, stated on its own ----------------------------------------------------------

    private static void assertMoneySafe(int status, String body, ApiAnswer answer) {
        JsonNode json = lenient(body);
        boolean claimsSuccess = json != null && json.isObject() && "success".equals(json.path("status").textValue());
        if (answer instanceof ApiAnswer.Created created) {
            assertThat(status).as("created only on a 2xx").isBetween(200, 299);
            assertThat(claimsSuccess).as("created only when the body says success").isTrue();
            JsonNode object = json.get("result") instanceof ObjectNode result ? result : json.get("data");
            assertThat(created.invoiceId()).as("the invoice id comes from the object")
                    .isIn(object.path("invoice_id").textValue(), object.path("uuid").textValue());
            assertThat(created.result()).as("the object as received").isEqualTo(JsonMapping.MAPPER.valueToTree(object));
        } else if (answer instanceof ApiAnswer.NotExecuted) {
            assertThat(claimsSuccess).as("never held when the body claims success").isFalse();
            assertThat(status == 401 || status == 403 || namesError(json, "authorization") || isTokenError(json)
                    || status / 100 == 4 && (NOT_THE_ENDPOINT.contains(status) || !isJson(body)))
                    .as("held only on a refused key, or an answer that did not come from the endpoint: %s %s", status,
                            body).isTrue();
        } else if (answer instanceof ApiAnswer.RateLimited) {
            assertThat(claimsSuccess).as("never retried when the body claims success").isFalse();
            assertThat(status == 429 || namesError(json, "rate_limit"))
                    .as("retried only on a rate limit: %s %s", status, body).isTrue();
        } else if (answer instanceof ApiAnswer.Rejected) {
            assertThat(claimsSuccess).as("never rejected when the body claims success").isFalse();
            assertThat(status / 100).as("rejected only on a 2xx or 4xx").isIn(2, 4);
            assertThat(hasErrorKey(json) || status / 100 == 4 && isJson(body) && !NOT_THE_ENDPOINT.contains(status))
                    .as("rejected only on the API's own answer: an error envelope, or JSON on a 4xx a server in front of "
                            + "the endpoint does not answer: %s %s", status, body).isTrue();
        }
        // unknown is always money-safe: never sent again, a person looks
    }

    private static JsonNode lenient(String body) {
        try {
            return LENIENT.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Whether the body is one JSON document, at any depth and with numbers of any length. */
    private static boolean isJson(String body) {
        try {
            JsonNode json = STRICT.readTree(body);
            return json != null && !json.isMissingNode();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasErrorKey(JsonNode json) {
        if (json == null || !"error".equals(json.path("status").textValue())) {
            return false;
        }
        JsonNode object = json.get("result") instanceof ObjectNode result ? result : json.get("data");
        return object instanceof ObjectNode keys && !keys.isEmpty();
    }

    private static boolean namesError(JsonNode json, String key) {
        return json != null && "error".equals(json.path("status").textValue())
                && (json.path("result").has(key) || json.path("data").has(key));
    }

    /** The texts are the table's own list, which the README shows: the oracle checks where they may lead. */
    private static boolean isTokenError(JsonNode json) {
        String detail = json == null ? null : json.path("detail").textValue();
        return detail != null && AnswerForm.TOKEN_ERRORS.stream().anyMatch(text ->
                detail.strip().toLowerCase(Locale.ROOT).startsWith(text.toLowerCase(Locale.ROOT)));
    }

    // --- events --------------------------------------------------------------------------------------

    /** The event the submission publishes for this answer; none for an answer that holds the command. */
    private Optional<ResultEvent> eventOf(ApiAnswer answer) {
        if (answer instanceof ApiAnswer.Created created) {
            return Optional.of(events.succeeded(command, created.invoiceId(), created.status(), created.result(),
                    Instant.parse("2026-11-25T10:00:00Z")));
        }
        if (answer instanceof ApiAnswer.Rejected rejected) {
            return Optional.of(events.failed(command.requestId(), rejected.failure(), command.received()));
        }
        if (answer instanceof ApiAnswer.RateLimited limited) {
            return Optional.of(events.failed(command.requestId(), limited.failure(11), command.received()));
        }
        if (answer instanceof ApiAnswer.Unknown unknown) {
            return Optional.of(events.failed(command.requestId(), unknown.failure(), command.received()));
        }
        return Optional.empty();
    }

    /** Publishes the event onto a message as the route does, and reads its value back as JSON. */
    private JsonNode assertWritable(ResultEvent event) throws IOException {
        DefaultExchange exchange = new DefaultExchange(CAMEL);
        records.writeTo(exchange, event);
        JsonNode written = JsonMapping.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        assertThat(written.get("request_id").textValue()).isEqualTo("payout-1");
        // the ledger keeps the same body, written by the same mapper
        assertThat(JsonMapping.MAPPER.writeValueAsString(event.body())).isNotEmpty();
        return written;
    }

    // --- what CryptoCloud, or a proxy, may answer --------------------------------------------------

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.oneOf(Arbitraries.integers().between(100, 599),
                Arbitraries.of(200, 201, 204, 400, 401, 403, 404, 422, 429, 500, 502, 503));
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(bytes -> new String(bytes, StandardCharsets.UTF_8)),
                Arbitraries.of("", " ", "null", "[]", "{}", "\"success\"", "<html>502 Bad Gateway</html>"),
                jsonValues(),
                envelopes(),
                details());
    }

    /** {@code {"status": …, "result"|"data"|…: {…}}}, with the keys that matter and others. */
    private Arbitrary<String> envelopes() {
        Arbitrary<String> statusValue = Arbitraries.oneOf(Arbitraries.of("\"success\"", "\"error\"", "\"pending\"", "null", "1"),
                quoted(Arbitraries.strings().ofMaxLength(10)));
        Arbitrary<String> objectKey = Arbitraries.of("result", "data", "Result", "detail");
        Arbitrary<String> member = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of("invoice_id", "uuid", "status", "authorization", "rate_limit",
                        "required_parameter", "currency_code", "network", "uncorrected_amount", "validate_error", "amount"),
                        Arbitraries.strings().alpha().ofMaxLength(8)),
                Arbitraries.oneOf(quoted(Arbitraries.of("INV-89UX09KA", "", " ", "created", "Unauthorized request.")),
                        jsonValues()))
                .as((key, value) -> quote(key) + ":" + value);
        Arbitrary<String> object = Arbitraries.oneOf(
                member.list().ofMaxSize(5).map(members -> "{" + String.join(",", members) + "}"),
                jsonValues());
        return Combinators.combine(statusValue, objectKey, object, Arbitraries.of("", ",\"extra\":1e999999999", "garbage"))
                .as((status, key, value, tail) -> "{\"status\":" + status + "," + quote(key) + ":" + value + tail + "}");
    }

    /** {@code {"detail": "…"}}: token errors in any case, other texts, sometimes beside a success claim. */
    private Arbitrary<String> details() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.of("Signature verification failed", "INVALID HEADER PADDING", " Signature has expired.",
                        "Invalid token.", "Not found.", "Request was throttled.", "JSON parse error"),
                Arbitraries.strings().ofMaxLength(40));
        return Combinators.combine(text, Arbitraries.of("", ",\"status\":\"success\"", ",\"status\":\"error\""))
                .as((detail, extra) -> "{\"detail\":" + quote(detail) + extra + "}");
    }

    /** Any JSON value, with numbers at the edges of what parsers take. */
    private Arbitrary<String> jsonValues() {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.of("1e999999999", "-1E-999999999", "1e99999999999", "1e-2147483648", "0", "-0", "0.000",
                        "10.50", "5.1", "1E+3", "9".repeat(1200), "1." + "0".repeat(1100) + "1"),
                Arbitraries.bigDecimals().ofScale(6).map(BigDecimal::toPlainString),
                Arbitraries.longs().map(String::valueOf));
        Arbitrary<String> leaves = Arbitraries.oneOf(numbers, Arbitraries.of("true", "false", "null"),
                quoted(Arbitraries.strings().ofMaxLength(20)));
        return Arbitraries.recursive(() -> leaves, element -> Arbitraries.oneOf(
                element.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                Combinators.combine(quoted(Arbitraries.strings().alpha().ofMaxLength(6)), element)
                        .as((key, value) -> key + ":" + value).list().ofMaxSize(4)
                        .map(members -> "{" + String.join(",", members) + "}")), 0, 4);
    }

    @Provide
    Arbitrary<Exception> failures() {
        Arbitrary<String> message = Arbitraries.strings().ofMaxLength(30).injectNull(0.2);
        return Arbitraries.oneOf(
                message.map(ConnectException::new), message.map(ConnectTimeoutException::new),
                message.map(UnknownHostException::new), message.map(SSLHandshakeException::new),
                message.map(SSLPeerUnverifiedException::new), message.map(SSLException::new),
                message.map(SocketTimeoutException::new), message.map(SocketException::new),
                Arbitraries.strings().ofMaxLength(30).map(NoHttpResponseException::new), message.map(IOException::new),
                message.map(IllegalStateException::new));
    }

    private static Arbitrary<String> quoted(Arbitrary<String> texts) {
        return texts.map(ApiAnswerPropertiesTest::quote);
    }

    private static String quote(String text) {
        try {
            return JsonMapping.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
