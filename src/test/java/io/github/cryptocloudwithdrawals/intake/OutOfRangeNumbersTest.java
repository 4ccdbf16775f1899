package io.github.cryptocloudwithdrawals.intake;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.account.KnownAccounts;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.events.ResultRecords;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.validation.AmountLimits;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A command whose numbers are beyond what the service reads exactly (SPEC §3: any JSON number is
 * an amount's form) keeps its request: it fails validation on the field that holds the number,
 * keyed by its request id, with the command echoed, and the echo can be written and read back.
 * Only a value that is not one JSON object is {@code malformed}.
 */
class OutOfRangeNumbersTest {

    private static final String REQUEST_ID = "payout-out-of-range";

    private final CommandCheck check = new CommandCheck(new CommandReader(),
            new CommandValidator(AmountLimits.none(), KnownAccounts.of(Set.of(), true)),
            new ResultEvents(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC)));

    @ParameterizedTest(name = "amount {0}")
    @CsvSource(delimiter = '|', value = {
            "1e400                  | amount must be less than 10^18",
            "-1e400                 | amount must be greater than 0",
            "1e-400                 | amount has 400 fraction digits; USDT_TRC20 allows 6",
            "1234567890123456789012345678901234567890123456789012345678901234567890 | amount must be less than 10^18",
            "1e999999999            | amount must be less than 10^18",
            "-1e-999999999          | amount must be greater than 0",
            "1E+9999999999          | amount must be less than 10^18",
            "1e-9999999999          | amount has 9999999999 fraction digits; USDT_TRC20 allows 6",
    })
    void anAmountOutOfRangeFailsValidationOnAmountWithItsRequest(String amount, String message) {
        JsonNode event = refusedAndWritten(command(REQUEST_ID, "USDT_TRC20", TRON_ADDRESS, amount), "amount");

        assertThat(event.path("error").path("message").textValue()).isEqualTo(message);
        assertThat(event.path("command").path("amount").textValue()).as("the amount echoed as written").isEqualTo(amount);
    }

    @Test
    void anAmountWrittenWithMoreThanAThousandCharactersFailsValidationOnAmount() {
        String amount = "1." + "0".repeat(1000);

        JsonNode event = refusedAndWritten(command(REQUEST_ID, "USDT_TRC20", TRON_ADDRESS, amount), "amount");

        assertThat(event.path("error").path("message").textValue())
                .isEqualTo("amount is written with 1002 characters; at most 1000 are accepted");
        assertThat(event.path("command").path("amount").textValue()).isEqualTo(amount);
    }

    @ParameterizedTest(name = "metadata {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"x\":1e400}                      | /metadata/x has 401 digits before the decimal point",
            "{\"x\":[1,-1e-999999999]}          | /metadata/x/1 has 999999999 digits after the decimal point",
            "{\"a\":{\"b\":-1e9999999999}}      | /metadata/a/b has 10000000000 digits before the decimal point",
            "{\"x\":12345678901234567890123456789012345678901234567890123456789012345} | /metadata/x has 65 digits before",
    })
    void metadataHoldingANumberOutOfRangeFailsValidationOnMetadataWithItsRequest(String metadata, String where) {
        String value = command(REQUEST_ID, "USDT_TRC20", TRON_ADDRESS, "\"10.50\"").replaceFirst("}$",
                ",\"metadata\":" + metadata + "}");

        JsonNode event = refusedAndWritten(value, "metadata");

        assertThat(event.path("error").path("message").textValue()).startsWith("metadata holds a number beyond the limits:")
                .contains(where);
    }

    @Test
    void anUnknownFieldHoldingANumberOutOfRangeIsIgnoredAsEveryUnknownFieldIs() {
        String value = command(REQUEST_ID, "USDT_TRC20", TRON_ADDRESS, "\"10.50\"").replaceFirst("}$",
                ",\"note\":[1e400,-1e-9999999999]}");

        assertThat(check.check(value.getBytes(StandardCharsets.UTF_8))).isInstanceOf(CommandCheck.Accepted.class);
    }

    @Test
    void anEchoOfAnotherFailureWritesAnIgnoredNumberOutOfRangeAsTheTextItWasWrittenWith() {
        String value = command(REQUEST_ID, "USDT_TRC20", TRON_ADDRESS, "0").replaceFirst("}$",
                ",\"note\":[1e400,-1e-9999999999,1.5]}");

        JsonNode event = refusedAndWritten(value, "amount");

        assertThat(event.path("command").path("note").toString()).isEqualTo("[\"1e400\",\"-1e-9999999999\",1.5]");
    }

    /** Checks the value, expects a validation failure on the field, and returns the event as published. */
    private JsonNode refusedAndWritten(String value, String field) {
        CommandCheck.Checked checked = check.check(value.getBytes(StandardCharsets.UTF_8));
        assertThat(checked).as(value).isInstanceOf(CommandCheck.Refused.class);
        ResultEvent failure = ((CommandCheck.Refused) checked).failure();
        assertThat(failure.requestId()).isEqualTo(REQUEST_ID);
        assertThat(checked.identity()).as("the request, for the ledger to answer first").isPresent();

        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        new ResultRecords("urn:test", (event, commandTimestamp) -> { }).writeTo(exchange, failure);
        assertThat(exchange.getMessage().getHeader(KafkaConstants.KEY)).isEqualTo(REQUEST_ID);
        assertThat(exchange.getMessage().getHeader("ce_subject")).isEqualTo(REQUEST_ID);
        JsonNode event;
        try {
            event = JsonMapping.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            throw new AssertionError("the event cannot be read back", e);
        }
        assertThat(event.path("error").path("type").textValue()).isEqualTo("validation");
        assertThat(event.path("error").path("field").textValue()).isEqualTo(field);
        assertThat(event.path("request_id").textValue()).isEqualTo(REQUEST_ID);
        assertThat(event.path("command").path("request_id").textValue()).as("the command echoed").isEqualTo(REQUEST_ID);
        return event;
    }
}
