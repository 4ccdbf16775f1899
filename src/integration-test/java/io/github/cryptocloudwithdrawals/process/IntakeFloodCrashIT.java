package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.Samples;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGKILL in the middle of a flood of 100,000 commands on the commands topic, then a restart of
 * the packaged service: an offset is never committed past a command whose answer Kafka has not
 * acknowledged, so every command has a result event, and a command read again after the kill is
 * answered with the same {@code ce_id} (the same result published again) or as a replay
 * ({@code replayed: true}), never with a second, different result. The flood is what a month-end
 * batch with typos or a producer bug looks like: mostly invalid commands of every kind, duplicates
 * of requests already paid (answered from the ledger, without a call) and a few new valid
 * commands, which are paid exactly once.
 */
@Timeout(300)
class IntakeFloodCrashIT {

    private static final int FLOOD = 100_000;
    private static final int PAID_BEFORE = 5;
    /** Every 50th command of the flood repeats a paid request. */
    private static final int DUPLICATE_EVERY = 50;
    /** Every 10,000th command of the flood is a new valid one. */
    private static final int VALID_EVERY = 10_000;
    /** Far longer than the flood takes (seconds); the intake before batching (about 1,000 commands/s) took minutes. */
    private static final Duration FLOOD_WAIT = Duration.ofMinutes(2);
    private static final Pattern REQUEST_ID = Pattern.compile("\"request_id\":\"([^\"]+)\"");

    @Test
    void killedInTheMiddleOfAFloodEveryCommandGetsItsResultAndRepeatsAreTheSameResult() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("flood-kill", TestKafka.bootstrapServers(), 100)) {
            List<String> paid = new ArrayList<>();
            for (int i = 0; i < PAID_BEFORE; i++) {
                paid.add(scenario.publishNew("paid"));
            }
            ServiceProcess first = scenario.startService();
            scenario.awaitResults(paid, WAIT);

            List<String[]> flood = new ArrayList<>(FLOOD);
            Set<String> invalid = new java.util.HashSet<>();
            Map<String, Integer> duplicates = new HashMap<>();
            for (int i = 0; i < FLOOD; i++) {
                if (i % DUPLICATE_EVERY == DUPLICATE_EVERY / 2) {
                    String requestId = paid.get(i / DUPLICATE_EVERY % PAID_BEFORE);
                    duplicates.merge(requestId, 1, Integer::sum);
                    flood.add(new String[]{requestId, scenario.commandOf(requestId)});
                } else if (i % VALID_EVERY == VALID_EVERY / 2) {
                    String requestId = scenario.newCommand("valid");
                    flood.add(new String[]{requestId, scenario.commandOf(requestId)});
                } else {
                    String requestId = "flood-" + scenario.run + "-" + i;
                    invalid.add(requestId);
                    flood.add(new String[]{requestId, invalidCommand(requestId, i)});
                }
            }
            scenario.publishAll(flood);

            String failed = scenario.failedTopic();
            waitFor("a third of the flood answered").atMost(FLOOD_WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> scenario.endOffsets(failed).get(failed) >= FLOOD / 3);
            scenario.crash(first);
            long answeredAtTheKill = scenario.endOffsets(failed).get(failed);
            assertThat(answeredAtTheKill).as("failure events when the service was killed: in the middle of the flood")
                    .isLessThan(invalid.size());

            scenario.startService();
            waitFor("a failure event for every invalid command of the flood").atMost(FLOOD_WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> scenario.endOffsets(failed).get(failed) >= invalid.size());
            scenario.drain(WAIT);

            Map<String, List<Event>> byCommand = scenario.events().stream()
                    .collect(Collectors.groupingBy(IntakeFloodCrashIT::commandOf));
            List<String> lost = invalid.stream().filter(id -> !byCommand.containsKey(id)).sorted().limit(20).toList();
            assertThat(lost).as("invalid commands of the flood without a result event").isEmpty();
            int repeated = 0;
            for (String requestId : invalid) {
                List<Event> events = byCommand.get(requestId);
                assertThat(events).as("the results of " + requestId).allSatisfy(e -> assertThat(e.topic()).isEqualTo(failed));
                assertThat(events.stream().map(e -> e.headers().get("ce_id")).distinct())
                        .as("distinct results (ce_id) of " + requestId + ": " + events).hasSize(1);
                repeated += events.size() - 1;
            }
            for (Map.Entry<String, Integer> duplicated : duplicates.entrySet()) {
                List<Event> replays = byCommand.get(duplicated.getKey()).stream().filter(ProcessScenario::replayed).toList();
                assertThat(replays).as("replays of " + duplicated.getKey() + ", published again "
                        + duplicated.getValue() + " times").hasSizeGreaterThanOrEqualTo(duplicated.getValue());
            }
            // the paid requests, the new valid ones and the sentinels: one call each, one result (ce_id) each
            scenario.assertNothingPaidTwiceNothingLost();
            System.out.printf("flood of %,d: %,d failure events when killed; %,d invalid commands answered again after "
                    + "the restart (same ce_id); %,d replays for %,d duplicates; %d calls%n", FLOOD, answeredAtTheKill,
                    repeated, duplicates.keySet().stream().mapToLong(id -> byCommand.get(id).stream()
                            .filter(ProcessScenario::replayed).count()).sum(),
                    duplicates.values().stream().mapToInt(Integer::intValue).sum(), scenario.calls().size());
        }
    }

    /** Invalid in four ways; each names its request id, the malformed one only in its raw text. */
    private static String invalidCommand(String requestId, int i) {
        return switch (i % 4) {
            case 0 -> "{\"request_id\":\"" + requestId + "\",\"currency_code\":\"USDT_TRC20\",";
            case 1 -> "{\"request_id\":\"" + requestId + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                    + Samples.TRON_ADDRESS + "\",\"amount\":\"-1.5\"}";
            // the last character of a valid address changed: only the checksum catches it
            case 2 -> "{\"request_id\":\"" + requestId + "\",\"currency_code\":\"USDT_TRC20\","
                    + "\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T\",\"amount\":\"1.5\"}";
            default -> "{\"request_id\":\"" + requestId + "\",\"currency_code\":\"USDT_XYZ\",\"to_address\":\""
                    + Samples.TRON_ADDRESS + "\",\"amount\":\"1.5\"}";
        };
    }

    /** The request id an event answers: its key, or for a malformed command the id in its raw text. */
    private static String commandOf(Event event) {
        if (event.key() != null) {
            return event.key();
        }
        Matcher matcher = REQUEST_ID.matcher(event.body().path("raw").asText(""));
        return matcher.find() ? matcher.group(1) : "";
    }
}
