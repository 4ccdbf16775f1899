package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §5.7: SIGTERM finishes the call in flight, publishes its result, commits, exits. */
class GracefulStopIT {

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
}
