package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input: every record that is not a payable command gets exactly one clear failure event, the
 * API is never called for it, and the service keeps paying the good commands around it.
 */
class InvalidCommandsTest extends PipelineTestSupport {


    /** What is expected of one bad record. */
    private record Bad(byte[] value, String errorType, String field, boolean keyedByRequestId) {
    }

    private static Bad malformed(String value) {
        return new Bad(value == null ? null : value.getBytes(StandardCharsets.UTF_8), "malformed", null, false);
    }

    private static Bad invalid(String json, String field, boolean keyed) {
        return new Bad(json.getBytes(StandardCharsets.UTF_8), "validation", field, keyed);
    }

    @Test
    void everyBadRecordGetsExactlyOneFailureEventAndTheGoodOnesArePaid() {
        Map<String, Bad> cases = new LinkedHashMap<>();
        cases.put("tombstone", malformed(null));
        cases.put("empty", malformed(""));
        cases.put("not-json", malformed("pay 10 USDT please"));
        cases.put("truncated-json", malformed("{\"request_id\":\"x\","));
        cases.put("json-array", malformed("[{\"request_id\":\"x\"}]"));
        cases.put("json-string", malformed("\"payout\""));
        cases.put("json-null", malformed("null"));
        cases.put("duplicate-field", malformed("{\"request_id\":\"dup\",\"amount\":1,\"amount\":1000}"));
        cases.put("not-utf8", new Bad(new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'}, "malformed", null, false));
        cases.put("too-large", malformed("{\"request_id\":\"big\",\"pad\":\"" + "x".repeat(70_000) + "\"}"));
        cases.put("no-request-id", invalid("{\"currency_code\":\"BTC\"}", "request_id", false));
        cases.put("bad-request-id", invalid(command("has space", "USDT_TRC20", TRON_ADDRESS, "1"), "request_id", false));
        cases.put("long-request-id", invalid(command("x".repeat(65), "USDT_TRC20", TRON_ADDRESS, "1"), "request_id", false));
        cases.put("numeric-request-id", invalid("{\"request_id\":42}", "request_id", false));
        cases.put("no-currency", invalid("{\"request_id\":\"" + requestId("nocur") + "\"}", "currency_code", true));
        cases.put("unknown-currency", invalid(command(requestId("cur"), "DOGE", TRON_ADDRESS, "1"), "currency_code", true));
        cases.put("lowercase-currency", invalid(command(requestId("lc"), "usdt_trc20", TRON_ADDRESS, "1"), "currency_code", true));
        cases.put("no-address", invalid("{\"request_id\":\"" + requestId("noaddr") + "\",\"currency_code\":\"BTC\",\"amount\":1}", "to_address", true));
        cases.put("address-with-space", invalid(command(requestId("sp"), "USDT_TRC20", "TR7N HqjeKQ", "1"), "to_address", true));
        cases.put("no-amount", invalid("{\"request_id\":\"" + requestId("noamt") + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON_ADDRESS + "\"}", "amount", true));
        cases.put("zero-amount", invalid(command(requestId("zero"), "USDT_TRC20", TRON_ADDRESS, "0"), "amount", true));
        cases.put("negative-amount", invalid(command(requestId("neg"), "USDT_TRC20", TRON_ADDRESS, "-5"), "amount", true));
        cases.put("too-many-digits", invalid(command(requestId("digits"), "USDT_TRC20", TRON_ADDRESS, "0.0000001"), "amount", true));
        cases.put("huge-amount", invalid(command(requestId("huge"), "USDT_TRC20", TRON_ADDRESS, "1e18"), "amount", true));
        cases.put("nan-amount", invalid(command(requestId("nan"), "USDT_TRC20", TRON_ADDRESS, "\"NaN\""), "amount", true));
        cases.put("boolean-amount", invalid(command(requestId("bool"), "USDT_TRC20", TRON_ADDRESS, "true"), "amount", true));
        // a JSON number out of range is an amount out of range, whatever its form: the request is kept (issue 24)
        cases.put("amount-1e400", invalid(command(requestId("e400"), "USDT_TRC20", TRON_ADDRESS, "1e400"), "amount", true));
        cases.put("amount-minus-1e400", invalid(command(requestId("me400"), "USDT_TRC20", TRON_ADDRESS, "-1e400"), "amount", true));
        cases.put("amount-1e-400", invalid(command(requestId("e-400"), "USDT_TRC20", TRON_ADDRESS, "1e-400"), "amount", true));
        cases.put("amount-70-digits", invalid(command(requestId("d70"), "USDT_TRC20", TRON_ADDRESS, "1".repeat(70)), "amount", true));
        cases.put("metadata-1e400", invalid("{\"request_id\":\"" + requestId("m400") + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                + TRON_ADDRESS + "\",\"amount\":1,\"metadata\":{\"n\":1e400}}", "metadata", true));
        cases.put("metadata-not-object", invalid("{\"request_id\":\"" + requestId("meta") + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                + TRON_ADDRESS + "\",\"amount\":1,\"metadata\":\"x\"}", "metadata", true));

        String firstGood = requestId("good-before");
        publish(firstGood, command(firstGood, "USDT_TRC20", TRON_ADDRESS, "7.1"));
        cases.forEach((name, bad) -> publish(name, bad.value(), "test-case", name));
        String lastGood = requestId("good-after");
        publish(lastGood, command(lastGood, "USDT_TRC20", TRON_ADDRESS, "7.2"));

        results().awaitRequests(Duration.ofSeconds(30), firstGood, lastGood);
        results().await(seen -> cases.keySet().stream().allMatch(name -> seen.stream()
                .anyMatch(e -> name.equals(e.headers().get("test-case")))), Duration.ofSeconds(30));

        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        cases.forEach((name, bad) -> {
            List<Event> events = results().withHeader("test-case", name);
            assertThat(events).as(name).hasSize(1);
            Event event = events.get(0);
            assertThat(event.topic()).as(name).isEqualTo(failedTopic());
            assertThat(event.errorType()).as(name).isEqualTo(bad.errorType());
            assertThat(event.body().get("error").get("field").asText(null)).as(name).isEqualTo(bad.field());
            assertThat(event.body().get("error").get("message").textValue()).as(name).isNotBlank();
            assertThat(event.body().get("retryable").booleanValue()).as(name).isFalse();
            assertThat(event.key() != null).as(name + " keyed by request id").isEqualTo(bad.keyedByRequestId());
            assertThat(event.headers().containsKey("ce_subject")).as(name).isEqualTo(bad.keyedByRequestId());
            if (bad.keyedByRequestId()) {
                assertThat(event.requestId()).as(name).isEqualTo(event.key()).isEqualTo(event.headers().get("ce_subject"))
                        .isEqualTo(event.body().path("command").path("request_id").textValue());
            }
            if (bad.errorType().equals("malformed")) {
                assertThat(event.body().get("command").isNull()).as(name).isTrue();
                assertThat(event.body().has("raw")).as(name).isTrue();
            } else {
                assertThat(event.body().get("command").isObject()).as(name).isTrue();
            }
        });
        assertThat(results().withHeader("test-case", "not-utf8").get(0).body().get("raw_encoding").textValue()).isEqualTo("base64");
        assertThat(results().withHeader("test-case", "too-large").get(0).body().get("raw_truncated").booleanValue()).isTrue();
        assertThat(results().withHeader("test-case", "amount-1e400").get(0).body().path("command").path("amount").textValue())
                .as("an amount out of range echoed as written").isEqualTo("1e400");
        assertThat(results().withHeader("test-case", "amount-1e400").get(0).body().path("error").path("message").textValue())
                .isEqualTo("amount must be less than 10^18");
        assertThat(results().withHeader("test-case", "amount-minus-1e400").get(0).body().path("error").path("message").textValue())
                .isEqualTo("amount must be greater than 0");
        assertThat(results().withHeader("test-case", "amount-1e-400").get(0).body().path("error").path("message").textValue())
                .isEqualTo("amount has 400 fraction digits; USDT_TRC20 allows 6");
        assertThat(results().withHeader("test-case", "metadata-1e400").get(0).body().path("command").path("metadata").path("n")
                .textValue()).isEqualTo("1e400");
        assertThat(results().withHeader("test-case", "too-many-digits").get(0).body().get("error").get("message").textValue())
                .isEqualTo("amount has 7 fraction digits; USDT_TRC20 allows 6");

        assertThat(results().forRequest(firstGood)).singleElement().extracting(Event::topic).isEqualTo(succeededTopic());
        assertThat(results().forRequest(lastGood)).singleElement().extracting(Event::topic).isEqualTo(succeededTopic());
        assertThat(sandbox().requests()).hasSize(2);
    }
}
