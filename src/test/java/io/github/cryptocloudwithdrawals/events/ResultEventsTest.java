package io.github.cryptocloudwithdrawals.events;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ResultEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.456Z");
    private final ResultEvents events = new ResultEvents(Clock.fixed(NOW, ZoneOffset.UTC));

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JsonMapping.MAPPER.readTree(text);
    }

    @Test
    void aSuccessEventCarriesTheCommandTheInvoiceAndTheUnchangedResponse() throws Exception {
        ObjectNode metadata = json("{\"user_id\":42}");
        var command = new WithdrawalCommand("payout-1", null, Currency.USDT_TRC20, TRON_ADDRESS,
                new BigDecimal("1.050E+1"), metadata, json("{}"));
        ObjectNode response = json("{\"uuid\":\"INV-1\",\"status\":\"created\",\"date_finished\":null}");

        ResultEvent event = events.succeeded(command, "INV-1", "created", response, Instant.parse("2026-11-25T10:00:00.123Z"));

        assertThat(event.kind()).isEqualTo(ResultEvent.Kind.SUCCEEDED);
        assertThat(event.requestId()).isEqualTo("payout-1");
        assertThat(event.body()).isEqualTo(json("{\"request_id\":\"payout-1\",\"invoice_id\":\"INV-1\",\"status\":\"created\","
                + "\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":\"10.50\","
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
}
