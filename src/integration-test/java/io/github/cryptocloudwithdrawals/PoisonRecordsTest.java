package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Hostile and careless records, as a producer or an attacker could send them, in front of valid
 * commands: each gets exactly one answer, the valid ones are paid once, and the service never
 * stops (readiness stays UP). The same holds for records placed straight onto an account's queue.
 */
class PoisonRecordsTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** What is expected of one poison record: its failure, or {@code null} type for a payment. */
    private record Poison(byte[] value, String errorType, String field) {
    }

    private static Poison malformed(String value) {
        return new Poison(value == null ? null : value.getBytes(StandardCharsets.UTF_8), "malformed", null);
    }

    private static Poison invalid(String value, String field) {
        return new Poison(value.getBytes(StandardCharsets.UTF_8), "validation", field);
    }

    private String payable(String name, String amountJson, String extraFields) {
        return command(requestId(name), "USDT_TRC20", TRON_ADDRESS, amountJson).replaceFirst("}$", extraFields + "}");
    }

    @Test
    void poisonRecordsOfEveryKindAreAnsweredOnceAndNeverStopThePayments() {
        Map<String, Poison> cases = new LinkedHashMap<>();
        // numbers the service could not write back in plain notation: these stopped every payment (issue 12), then
        // lost their request as malformed (issue 24); now refused on their field, the request kept, echoed as written
        cases.put("amount-1e999999999", invalid(payable("big", "1e999999999", ""), "amount"));
        cases.put("amount-1e-999999999", invalid(payable("tiny", "1e-999999999", ""), "amount"));
        cases.put("amount-exponent-beyond-int", invalid(payable("expo", "1e9999999999", ""), "amount"));
        cases.put("amount-of-2000-characters", invalid(payable("long", "1." + "0".repeat(1998), ""), "amount"));
        cases.put("metadata-1e999999999", invalid(payable("mbig", "1", ",\"metadata\":{\"x\":1e999999999}"), "metadata"));
        cases.put("metadata-1e-999999999", invalid(payable("mtiny", "1", ",\"metadata\":{\"x\":[1e-999999999]}"), "metadata"));
        cases.put("metadata-exponent-beyond-int", invalid(payable("mexpo", "1", ",\"metadata\":{\"x\":-1e-9999999999}"), "metadata"));
        cases.put("metadata-1e64", invalid(payable("m64", "1", ",\"metadata\":{\"x\":1e64}"), "metadata"));
        cases.put("metadata-nested-200-deep", malformed(payable("deep", "1",
                ",\"metadata\":{\"x\":" + "[".repeat(200) + "]".repeat(200) + "}")));
        // read (Jackson allows 1000 levels) and paid, but its result, two levels deeper in the ledger, could not be recorded
        cases.put("unknown-field-nested-998-deep", malformed(payable("deeper", "9.6",
                ",\"note\":" + "[".repeat(998) + "]".repeat(998))));
        // more than one JSON value in a record: the first used to be paid, the rest ignored
        cases.put("two-commands-in-one-record", malformed(payable("first", "9.1", "") + payable("second", "9.2", "")));
        cases.put("command-then-garbage", malformed(payable("garbage", "9.3", "") + " xyz"));
        cases.put("command-then-null", malformed(payable("null", "9.4", "") + "\nnull"));
        cases.put("byte-order-mark", malformed("\uFEFF" + payable("bom", "9.5", "")));
        // an amount string with a sign: used to be paid as 1.75
        cases.put("plus-sign-amount", invalid(payable("plus", "\"+1.75\"", ""), "amount"));
        // at the number limits, with a failure that echoes the whole command: the event must still fit in Kafka
        cases.put("numbers-at-the-limits-echoed", invalid(payable("limits", "0",
                ",\"pad\":[" + String.join(",", java.util.Collections.nCopies(12_000, "1e63")) + "]"), "amount"));

        Map<String, BigDecimal> good = new LinkedHashMap<>();
        ReadinessWatch readiness = ReadinessWatch.startWhenReady(this);
        try {
            String first = requestId("good-first");
            publish(first, command(first, "USDT_TRC20", TRON_ADDRESS, "7.1"), "test-case", "good-first");
            good.put(first, new BigDecimal("7.1"));
            int i = 0;
            for (Map.Entry<String, Poison> poison : cases.entrySet()) {
                publish(poison.getKey(), poison.getValue().value(), "test-case", poison.getKey());
                if (++i == cases.size() / 2) {
                    String middle = requestId("good-middle");
                    publish(middle, "{\"request_id\":\"" + middle + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                            + TRON_ADDRESS + "\",\"amount\":7.2,\"metadata\":{\"big\":1e63,\"tiny\":-1e-64,"
                            + "\"id\":18446744073709551615,\"name\":\"caf\\u00e9 \\ud83d\\ude00\"}}", "test-case", "good-middle");
                    good.put(middle, new BigDecimal("7.2"));
                }
            }
            String ignored = requestId("good-unknown-field-1e10000");
            // unknown fields are ignored, whatever numbers they hold
            publish(ignored, command(ignored, "USDT_TRC20", TRON_ADDRESS, "7.4").replaceFirst("}$", ",\"note\":[1e10000,-1e-9999999999]}"),
                    "test-case", "good-unknown-field");
            good.put(ignored, new BigDecimal("7.4"));
            String last = requestId("good-last");
            publish(last, command(last, "USDT_TRC20", TRON_ADDRESS, "7.3"), "test-case", "good-last");
            good.put(last, new BigDecimal("7.3"));

            awaitAnswers(cases, good.keySet().toArray(String[]::new));
        } finally {
            readiness.stop();
        }

        assertEachAnsweredOnce(cases);
        assertThat(results().withHeader("test-case", "plus-sign-amount").get(0).body().path("error").path("message").textValue())
                .startsWith("amount must be a JSON number or a plain decimal string");
        assertThat(results().withHeader("test-case", "amount-exponent-beyond-int").get(0).body().path("command").path("amount")
                .textValue()).as("an amount beyond any number echoed as written").isEqualTo("1e9999999999");
        assertThat(results().withHeader("test-case", "numbers-at-the-limits-echoed").get(0).rawValue().length())
                .as("an echo of numbers at the limits, in plain notation").isGreaterThan(700_000);

        good.forEach((requestId, amount) -> assertThat(results().forRequest(requestId)).as(requestId)
                .singleElement().extracting(Event::topic).isEqualTo(succeededTopic()));
        assertThat(results().forRequest(good.keySet().toArray(String[]::new)[1]).get(0).rawValue())
                .as("the metadata at the number limits, echoed exactly")
                .contains("\"metadata\":{\"big\":1" + "0".repeat(63) + ",\"tiny\":-0." + "0".repeat(63) + "1,"
                        + "\"id\":18446744073709551615,\"name\":\"café \uD83D\uDE00\"}");
        assertThat(paidAmountsFrom(7, 10)).as("amounts paid (7.x are the valid commands; 9.x hid in poison records)")
                .containsExactlyInAnyOrderElementsOf(good.values());
        readiness.assertAlwaysReady();
    }

    @Test
    void recordsPlacedStraightOnAnAccountsQueueNeverStopItNorLeadToASecondCall() {
        Map<String, Poison> cases = new LinkedHashMap<>();
        cases.put("queue-tombstone", malformed(null));
        cases.put("queue-not-json", malformed("pay me 10 USDT"));
        cases.put("queue-two-commands", malformed(payable("qfirst", "5.1", "") + payable("qsecond", "5.2", "")));
        cases.put("queue-metadata-1e999999999", invalid(payable("qmbig", "5.3", ",\"metadata\":{\"x\":1e999999999}"), "metadata"));
        cases.put("queue-amount-exponent-beyond-int", invalid(payable("qexpo", "1e9999999999", ""), "amount"));
        cases.put("queue-plus-sign-amount", invalid(payable("qplus", "\"+5.4\"", ""), "amount"));

        ReadinessWatch readiness = ReadinessWatch.startWhenReady(this);
        String good = requestId("queue-good");
        try {
            cases.forEach((name, poison) -> publishTo(submissionsTopic(), name, poison.value(), "test-case", name));
            publishTo(submissionsTopic(), good, command(good, "USDT_TRC20", TRON_ADDRESS, "5.9").getBytes(StandardCharsets.UTF_8),
                    "test-case", "queue-good");

            awaitAnswers(cases, good);
        } finally {
            readiness.stop();
        }

        assertEachAnsweredOnce(cases);
        assertThat(results().forRequest(good)).singleElement().extracting(Event::topic).isEqualTo(succeededTopic());
        assertThat(paidAmountsFrom(5, 6)).as("amounts paid from the queue").containsExactly(new BigDecimal("5.9"));
        readiness.assertAlwaysReady();
    }

    /** Waits for the results of the valid commands and an answer to each poison record. */
    private void awaitAnswers(Map<String, Poison> cases, String... validRequestIds) {
        results().awaitRequests(WAIT, validRequestIds);
        results().await(seen -> cases.keySet().stream().allMatch(name -> seen.stream()
                .anyMatch(e -> name.equals(e.headers().get("test-case")))), WAIT);
    }

    private void assertEachAnsweredOnce(Map<String, Poison> cases) {
        cases.forEach((name, poison) -> {
            List<Event> events = results().withHeader("test-case", name);
            assertThat(events).as(name).hasSize(1);
            Event event = events.get(0);
            assertThat(event.topic()).as(name).isEqualTo(failedTopic());
            assertThat(event.errorType()).as("%s: %.300s", name, event.rawValue()).isEqualTo(poison.errorType());
            assertThat(event.body().path("error").path("field").asText(null)).as(name).isEqualTo(poison.field());
            assertThat(event.body().path("error").path("message").textValue()).as(name).isNotBlank();
            if (poison.errorType().equals("malformed")) {
                assertThat(event.body().get("raw").textValue()).as(name)
                        .isEqualTo(poison.value() == null ? null : new String(poison.value(), StandardCharsets.UTF_8));
            } else {
                assertThat(event.key()).as("%s keyed by its request", name).isNotNull()
                        .isEqualTo(event.headers().get("ce_subject"))
                        .isEqualTo(event.body().path("command").path("request_id").textValue());
            }
        });
    }

    /** The amounts the sandbox was asked to pay, of those in [from, to): each test uses its own range. */
    private List<BigDecimal> paidAmountsFrom(int from, int to) {
        return sandbox().requests().stream().map(request -> {
            try {
                return JsonMapping.MAPPER.readTree(request.body()).get("amount").decimalValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).filter(amount -> amount.compareTo(BigDecimal.valueOf(from)) >= 0 && amount.compareTo(BigDecimal.valueOf(to)) < 0)
                .collect(Collectors.toList());
    }

    /** Polls readiness while a test runs and keeps every answer that was not 200. */
    private static final class ReadinessWatch {

        private final PipelineTestSupport test;
        private final List<String> notReady = new CopyOnWriteArrayList<>();
        private final List<Integer> polls = new CopyOnWriteArrayList<>();
        private final Thread poller;
        private volatile boolean running = true;

        private ReadinessWatch(PipelineTestSupport test) {
            this.test = test;
            poller = new Thread(this::poll, "readiness-watch");
        }

        static ReadinessWatch startWhenReady(PipelineTestSupport test) {
            test.awaitReadiness(200);
            ReadinessWatch watch = new ReadinessWatch(test);
            watch.polls.add(200); // the answer just seen: the watch starts from a ready service
            watch.poller.start();
            return watch;
        }

        private void poll() {
            while (running) {
                pollOnce();
                pause(20);
            }
        }

        private void pollOnce() {
            var response = test.management("/observe/health/ready");
            polls.add(response.statusCode());
            if (response.statusCode() != 200) {
                notReady.add(response.statusCode() + " " + response.body());
            }
        }

        void stop() {
            running = false;
            try {
                poller.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // and once after every record was answered, however fast that went
            pollOnce();
        }

        void assertAlwaysReady() {
            assertThat(polls).as("readiness polls while the records were processed").hasSizeGreaterThan(1);
            assertThat(notReady).as("readiness answers other than 200 UP").isEmpty();
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
