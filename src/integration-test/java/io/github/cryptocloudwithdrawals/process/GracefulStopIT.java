package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5.7: SIGTERM finishes the call in flight, publishes its result, commits, exits promptly
 * (a command still waiting for its turn stays queued), without error output.
 */
@Timeout(240)
class GracefulStopIT {

    /** Exit status of a JVM that ended on SIGTERM (128 + 15), as the README documents. */
    private static final int SIGTERM_EXIT = 143;

    @Test
    void sigtermWithACallInFlightPublishesItsResultCommitsAndExits() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("sigterm", TestKafka.bootstrapServers(), 300)) {
            scenario.sandbox.enqueue(SandboxAnswer.delayed(2000, SandboxAnswer.success()));
            ServiceProcess first = scenario.startService();
            String inFlight = scenario.publishNew("in-flight");
            String queued = scenario.publishNew("queued");

            scenario.awaitCalls(1, WAIT);
            assertThat(scenario.requestIdOf(scenario.calls().get(0))).isEqualTo(inFlight);
            long signalled = System.nanoTime();
            first.terminate();
            assertThat(first.waitForExit(Duration.ofSeconds(30))).as("exited within 30 s of SIGTERM").isTrue();
            System.out.printf("exited %d ms after SIGTERM with status %d%n",
                    (System.nanoTime() - signalled) / 1_000_000, first.exitValue());

            // What the process published before it exited is all it will ever publish.
            Map<String, Long> published = scenario.endOffsets(scenario.succeededTopic(), scenario.failedTopic());
            List<RecordedRequest> callsBeforeExit = scenario.calls();
            scenario.awaitResults(callsBeforeExit.stream().map(scenario::requestIdOf).toList(), WAIT);
            assertThat(scenario.events()).as("events published before the exit").hasSize(
                    (int) (published.get(scenario.succeededTopic()) + published.get(scenario.failedTopic())));
            Event result = scenario.eventsFor(inFlight).get(0);
            assertThat(result.topic()).as("the call in flight was finished, not abandoned: " + result.rawValue())
                    .isEqualTo(scenario.succeededTopic());
            assertThat(scenario.committedOffset(scenario.submitterGroup(), scenario.submissionsTopic()))
                    .as("the submitter committed the finished submission (offset 0) before exiting")
                    .isGreaterThanOrEqualTo(1);

            scenario.startService();
            scenario.awaitResults(List.of(queued), WAIT);
            scenario.drain(WAIT);

            assertThat(scenario.callsFor(inFlight)).hasSize(1);
            assertThat(scenario.eventsFor(inFlight)).as("committed: not even republished after the restart")
                    .containsExactly(result);
            scenario.assertNothingPaidTwiceNothingLost();
            scenario.reportGaps();
        }
    }

    @Test
    void sigtermWithACommandWaitingForItsTurnStopsPromptlyAndQuietly() throws Exception {
        // long enough that the second command certainly still waits for its turn when the signal comes
        long interval = 60_000;
        try (ProcessScenario scenario = new ProcessScenario("sigterm-waiting", TestKafka.bootstrapServers(), interval)) {
            ServiceProcess first = scenario.startService();
            String paid = scenario.publishNew("paid");
            String waiting = scenario.publishNew("waiting");
            scenario.awaitResults(List.of(paid), WAIT);
            long paidAt = System.nanoTime();
            // the submitter takes the next command within milliseconds: the signal comes well inside its wait
            waitFor("two seconds in which the waiting command is not called").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5)).until(() -> scenario.callsFor(waiting).isEmpty());
            int linesBeforeStop = (int) first.log().lines().count();

            long signalled = System.nanoTime();
            first.terminate();
            assertThat(first.waitForExit(Duration.ofMillis(interval * 2))).as("exited").isTrue();
            long stopMillis = (System.nanoTime() - signalled) / 1_000_000;
            long turnMillis = interval - (signalled - paidAt) / 1_000_000;
            System.out.printf("exited %d ms after SIGTERM with status %d; the waiting command's turn was %d ms away%n",
                    stopMillis, first.exitValue(), turnMillis);

            assertThat(stopMillis).as("the stop does not wait out the interval (%d ms)", interval)
                    .isLessThan(interval / 4).isLessThan(turnMillis);
            assertThat(first.exitValue()).as("the documented exit status after SIGTERM").isEqualTo(SIGTERM_EXIT);
            List<String> stopLog = first.log().lines().skip(linesBeforeStop).toList();
            assertThat(stopLog).as("a quiet stop: no warning, no error, no stack trace")
                    .noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("\tat "));
            assertThat(stopLog).as("one line says what stays queued")
                    .filteredOn(line -> line.contains(" INFO ") && line.contains("request_id=" + waiting))
                    .singleElement().satisfies(line -> assertThat(line).contains("stays queued"));
            assertThat(scenario.callsFor(waiting)).as("not called before the stop").isEmpty();

            // paid once after the restart (at a short interval, not to wait out the long one again)
            scenario.set("CRYPTOCLOUD_MIN_INTERVAL_MS", "1000");
            scenario.startService();
            scenario.awaitResults(List.of(waiting), WAIT);
            scenario.drain(WAIT);
            assertThat(scenario.callsFor(waiting)).hasSize(1);
            scenario.assertNothingPaidTwiceNothingLost();
        }
    }
}
