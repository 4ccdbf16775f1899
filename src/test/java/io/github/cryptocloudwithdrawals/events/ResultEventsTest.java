package io.github.cryptocloudwithdrawals.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.github.cryptocloudwithdrawals.validation.Currency;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ResultEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.456Z");
    private final ResultEvents events = new ResultEvents(Clock.fixed(NOW, ZoneOffset.UTC), "urn:test",
            new WithdrawalMetrics(new SimpleMeterRegistry()));

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JsonMapping.MAPPER.readTree(text);
    }

    @Test
    void aSuccessEventCarriesTheCommandTheInvoiceAndTheUnchangedResponse() throws Exception {
        ObjectNode metadata = json("{\"user_id\":42}");
        var command = new WithdrawalCommand("payout-1", null, Currency.USDT_TRC20, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                new BigDecimal("1.050E+1"), metadata, json("{}"));
        ObjectNode response = json("{\"uuid\":\"INV-1\",\"status\":\"created\",\"date_finished\":null}");

        ResultEvent event = events.succeeded(command, "INV-1", "created", response, Instant.parse("2026-11-25T10:00:00.123Z"));

        assertThat(event.kind()).isEqualTo(ResultEvent.Kind.SUCCEEDED);
        assertThat(event.requestId()).isEqualTo("payout-1");
        assertThat(event.body()).isEqualTo(json("{\"request_id\":\"payout-1\",\"invoice_id\":\"INV-1\",\"status\":\"created\","
                + "\"currency_code\":\"USDT_TRC20\",\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\",\"amount\":\"10.50\","
                + "\"metadata\":{\"user_id\":42},\"submitted_at\":\"2026-11-25T10:00:00.123Z\","
                + "\"completed_at\":\"2026-11-25T10:00:00.456Z\",\"response\":{\"uuid\":\"INV-1\",\"status\":\"created\",\"date_finished\":null}}"));
    }

    @Test
    void aFailureEventHasEveryErrorFieldEvenWhenNull() throws Exception {
        ObjectNode command = json("{\"request_id\":\"r\",\"amount\":\"1\"}");
        ResultEvent event = events.failed("r", Failure.ofField(ErrorType.VALIDATION, "amount", "amount is bad"), command);

        assertThat(event.body()).isEqualTo(json("{\"request_id\":\"r\",\"error\":{\"type\":\"validation\","
                + "\"message\":\"amount is bad\",\"field\":\"amount\",\"http_status\":null,\"api_error\":null},"
                + "\"retryable\":false,\"command\":{\"request_id\":\"r\",\"amount\":\"1\"},\"failed_at\":\"2026-11-25T10:00:00.456Z\"}"));
    }

    @Test
    void onlyRateLimitedFailuresAreRetryable() {
        for (ErrorType type : ErrorType.values()) {
            var body = events.failed(null, Failure.of(type, "m"), null).body();
            assertThat(body.get("retryable").booleanValue()).as(type.name()).isEqualTo(type == ErrorType.RATE_LIMITED);
        }
    }

    @Test
    void aMalformedValueIsShownAsTextOrBase64AndCut() {
        var text = events.malformed("not JSON", "hello".getBytes(StandardCharsets.UTF_8)).body();
        assertThat(text.get("raw").textValue()).isEqualTo("hello");
        assertThat(text.has("raw_encoding")).isFalse();
        assertThat(text.get("request_id").isNull()).isTrue();
        assertThat(text.get("command").isNull()).isTrue();

        byte[] binary = {(byte) 0xff, 0, 1};
        var base64 = events.malformed("not UTF-8", binary).body();
        assertThat(base64.get("raw_encoding").textValue()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(base64.get("raw").textValue())).isEqualTo(binary);

        var cut = events.malformed("too large", "y".repeat(100_000).getBytes(StandardCharsets.UTF_8)).body();
        assertThat(cut.get("raw").textValue()).hasSize(64 * 1024);
        assertThat(cut.get("raw_truncated").booleanValue()).isTrue();

        var tombstone = events.malformed("empty", null).body();
        assertThat(tombstone.get("raw").isNull()).isTrue();
    }

    @Test
    void theRecordIsKeyedByRequestIdWithCloudEventsHeaders() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Content-Type", "text/plain");
        exchange.getMessage().setHeader("trace-id", "abc");

        events.writeTo(exchange, events.failed("r-1", Failure.of(ErrorType.CONFLICT, "m"), null));

        var message = exchange.getMessage();
        assertThat(message.getHeader(KafkaConstants.KEY)).isEqualTo("r-1");
        assertThat(message.getHeader("ce_subject")).isEqualTo("r-1");
        assertThat(message.getHeader("ce_specversion")).isEqualTo("1.0");
        assertThat(message.getHeader("ce_type")).isEqualTo("plus.cryptocloud.withdrawal.failed");
        assertThat(message.getHeader("ce_source")).isEqualTo("urn:test");
        assertThat(message.getHeader("ce_time")).isEqualTo("2026-11-25T10:00:00.456Z");
        assertThat(message.getHeader("ce_id", String.class)).hasSize(36);
        assertThat(message.getHeaders()).containsEntry("content-type", "application/json").doesNotContainKey("Content-Type");
        assertThat(message.getHeader("trace-id")).isEqualTo("abc");
        assertThat(json(message.getBody(String.class)).get("error").get("type").textValue()).isEqualTo("conflict");

        events.writeTo(exchange, events.malformed("not JSON", new byte[]{1}));
        assertThat(message.getHeader(KafkaConstants.KEY)).isNull();
        assertThat(message.getHeader("ce_subject")).isNull();
    }

    @Test
    void everyEchoIsWrittenNumbersBeyondPlainNotationInScientificForm() throws Exception {
        // numbers the reader refuses in commands, as an API answer can still hold them
        ObjectNode command = JsonMapping.MAPPER.createObjectNode().put("request_id", "r")
                .put("amount", new BigDecimal("1e999999999"));
        ObjectNode apiError = JsonMapping.MAPPER.createObjectNode().put("fee", new BigDecimal("1e-999999999"));
        ResultEvent failed = events.failed("r", new Failure(ErrorType.REJECTED, "refused", null, 400, apiError), command);
        var success = new WithdrawalCommand("payout-1", null, Currency.USDT_TRC20, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                BigDecimal.TEN, null, json("{}"));
        ObjectNode response = JsonMapping.MAPPER.createObjectNode().put("uuid", "INV-1").put("fee", new BigDecimal("1e10000"));
        ResultEvent succeeded = events.succeeded(success, "INV-1", "created", response, NOW);

        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        events.writeTo(exchange, failed);
        var failedBody = json(exchange.getMessage().getBody(String.class));
        assertThat(failedBody.get("command").get("amount").decimalValue()).isEqualByComparingTo("1e999999999");
        assertThat(failedBody.get("error").get("api_error").get("fee").decimalValue()).isEqualByComparingTo("1e-999999999");
        events.writeTo(exchange, succeeded);
        assertThat(exchange.getMessage().getBody(String.class)).contains("\"fee\":1E+10000");
    }
}
