package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5.5: a refused key (401) is a fault, not a failure of the command. While the API refuses
 * the key, commands are held without any failure event and readiness is DOWN (liveness UP);
 * once it accepts the key again each command is paid with exactly one accepted call.
 */
@Timeout(120)
class RefusedKeyWindowIT {

    private static final String UNAUTHORIZED =
            "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}";

    @Test
    void commandsHeldDuringA401WindowAreEachPaidOnceAfterIt() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("refused-key", TestKafka.bootstrapServers(), 300)) {
            scenario.sandbox.setDefaultAnswer(SandboxAnswer.status(401, UNAUTHORIZED));
            ServiceProcess service = scenario.startService();
            List<String> ids = List.of(scenario.publishNew("held"), scenario.publishNew("waiting"),
                    scenario.publishNew("waiting"), scenario.publishNew("waiting"));

            scenario.awaitCalls(4, WAIT);
            assertThat(scenario.events()).as("no result, and above all no failure, while the key is refused").isEmpty();
            HttpResponse<String> ready = service.management("/observe/health/ready");
            assertThat(ready.statusCode()).as("readiness while the key is refused").isEqualTo(503);
            assertThat(ready.body()).contains("cryptocloud-api").contains("HTTP 401").doesNotContain(scenario.apiKey);
            assertThat(service.management("/observe/health/live").statusCode()).as("liveness").isEqualTo(200);

            long[] reset = resetBetweenTwoCalls(scenario);
            scenario.awaitResults(ids, WAIT);
            scenario.drain(WAIT);
            assertThat(service.management("/observe/health/ready").statusCode()).as("readiness after the window")
                    .isEqualTo(200);

            List<RecordedRequest> refused = scenario.calls().stream().filter(c -> c.arrivalNanos() < reset[0])
                    .collect(Collectors.toList());
            List<RecordedRequest> accepted = scenario.calls().stream().filter(c -> c.arrivalNanos() > reset[1])
                    .collect(Collectors.toList());
            assertThat(refused.size() + accepted.size()).as("no call arrived while the answer was switched")
                    .isEqualTo(scenario.calls().size());
            assertThat(refused).as("refused calls: all for the command at the head of the queue")
                    .hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(call -> assertThat(scenario.requestIdOf(call)).isEqualTo(ids.get(0)));
            for (String id : scenario.requestIds()) {
                assertThat(accepted.stream().filter(call -> scenario.requestIdOf(call).equals(id)))
                        .as("accepted calls for " + id).hasSize(1);
                List<Event> events = scenario.eventsFor(id);
                assertThat(events).as("events for " + id).hasSize(1);
                assertThat(events.get(0).topic()).isEqualTo(scenario.succeededTopic());
            }
            assertThat(scenario.events()).as("no failure event at all")
                    .noneMatch(e -> e.topic().equals(scenario.failedTopic()));
            // at 300 ms the interval outlasts the first backoffs (100, 200 ms), the 400 ms cap outlasts it
            assertThat(service.log().lines().filter(line -> line.contains(" held: ")).toList())
                    .as("each held line says when the next call comes: after the rate interval or the backoff")
                    .allSatisfy(line -> assertThat(line).containsPattern("calling again in \\d+ ms"))
                    .anySatisfy(line -> assertThat(line).endsWith("(the rate interval)"))
                    .anySatisfy(line -> assertThat(line).endsWith("(backoff)"));
            System.out.printf("%d refused calls, then %d accepted%n", refused.size(), accepted.size());
            scenario.reportGaps();
        }
    }

    /**
     * Switches the sandbox back to accepting the key at a moment no call can be at the sandbox:
     * at least 50 ms after the last call arrived (its 401 was long decided) and well before the
     * next one, which the service sends no sooner than the interval (300 ms) after it. The switch
     * happens in the same check that finds the moment, so no delay can come between the two.
     *
     * @return nanoTime right before and right after the switch
     */
    private static long[] resetBetweenTwoCalls(ProcessScenario scenario) {
        long[] switched = new long[2];
        waitFor("a quiet moment between two calls").atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> {
            List<RecordedRequest> calls = scenario.calls();
            long sinceLast = (System.nanoTime() - calls.get(calls.size() - 1).arrivalNanos()) / 1_000_000;
            if (sinceLast < 50 || sinceLast > 150) {
                return false;
            }
            switched[0] = System.nanoTime();
            scenario.sandbox.resetDefault();
            switched[1] = System.nanoTime();
            return true;
        });
        return switched;
    }
}
