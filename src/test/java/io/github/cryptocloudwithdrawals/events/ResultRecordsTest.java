package io.github.cryptocloudwithdrawals.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.routes.RouteContract;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ResultRecordsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.456Z");
    private final ResultEvents events = new ResultEvents(Clock.fixed(NOW, ZoneOffset.UTC));
    private final List<String> observed = new ArrayList<>();
    private final ResultRecords records = new ResultRecords("urn:test",
            (event, commandTimestamp) -> observed.add(event.requestId() + "@" + commandTimestamp));

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JsonMapping.MAPPER.readTree(text);
    }

    @Test
    void theRouteIsToldTheKindAndTheObserverTheCommandsTimestamp() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(KafkaConstants.TIMESTAMP, 1_795_000_000_000L);

        records.writeTo(exchange, events.failed("r-1", Failure.of(ErrorType.CONFLICT, "m"), null));

        assertThat(exchange.getProperty(RouteContract.RESULT_KIND)).isEqualTo("FAILED");
        assertThat(observed).containsExactly("r-1@1795000000000");
    }

    @Test
    void theRecordIsKeyedByRequestIdWithCloudEventsHeaders() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Content-Type", "text/plain");
        exchange.getMessage().setHeader("trace-id", "abc");

        records.writeTo(exchange, events.failed("r-1", Failure.of(ErrorType.CONFLICT, "m"), null));

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

        records.writeTo(exchange, events.malformed("not JSON", new byte[]{1}));
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
        records.writeTo(exchange, failed);
        var failedBody = json(exchange.getMessage().getBody(String.class));
        assertThat(failedBody.get("command").get("amount").decimalValue()).isEqualByComparingTo("1e999999999");
        assertThat(failedBody.get("error").get("api_error").get("fee").decimalValue()).isEqualByComparingTo("1e-999999999");
        records.writeTo(exchange, succeeded);
        assertThat(exchange.getMessage().getBody(String.class)).contains("\"fee\":1E+10000");
    }
}
