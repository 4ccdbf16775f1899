package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic.LedgerRecord;
import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * SPEC §5.3, measured where the API measures it (arrival times at the sandbox): no two calls
 * arrive less than the interval apart, also when the service has just started and when it was
 * killed right after a call and restarted.
 */
@Timeout(180)
@Isolated("it asserts the gaps between calls at the sandbox: other tests' service JVMs starting on the two cores"
        + " could hold a call up between the rate gate and the wire, shortening the next gap as the sandbox sees it")
@Execution(ExecutionMode.SAME_THREAD)
class RateAcrossRestartIT {

    /**
     * The production interval (12 s), longer than a SIGKILL and restart take here (a few seconds,
     * plus up to the 6 s consumer session the dead process leaves behind): only the call time the
     * ledger recorded before the crash can keep the next call back. The call before the kill is
     * the process's second one, so its recorded start is not skewed by a cold first call (see
     * {@link #theCallsOfAFreshProcessAreAnIntervalApart}).
     */
    @Test
    void theFirstCallAfterASigkillWaitsForTheRestOfTheIntervalSinceTheLastCall() throws Exception {
        long interval = 12_000;
        try (ProcessScenario scenario = new ProcessScenario("rate-restart", TestKafka.bootstrapServers(), interval)) {
            String warmUp = scenario.publishNew("warm-up");
            String last = scenario.publishNew("last-before-kill");
            String next = scenario.publishNew("first-after-restart");
            scenario.createLedgerTopicWithAppendTime();
            ServiceProcess first = scenario.startService();
            scenario.awaitResults(List.of(warmUp, last), WAIT.plusMillis(interval));
            scenario.crash(first); // right after the call: the next command waits in the throttle, not yet sent
            assertThat(scenario.calls()).hasSize(2);
            long lastArrival = scenario.calls().get(1).arrivalNanos();

            scenario.startService();
            long restartedAfter = (System.nanoTime() - lastArrival) / 1_000_000;
            scenario.awaitResults(List.of(next), WAIT.plusMillis(interval));

            List<RecordedRequest> calls = scenario.calls();
            assertThat(calls).hasSize(3);
            assertThat(scenario.requestIdOf(calls.get(2))).isEqualTo(next);
            long gap = (calls.get(2).arrivalNanos() - lastArrival) / 1_000_000;
            System.out.printf("restarted service up %d ms after the last call; next call %d ms after it; %s%n",
                    restartedAfter, gap, timings(scenario));
            assertThat(gap).as("ms between the last call before the kill and the first after the restart; "
                    + timings(scenario)).isGreaterThanOrEqualTo(interval);
            if (restartedAfter < interval - 1000) {
                // the service was back in time: the backlog resumes at the interval, no idle gap
                assertThat(gap).as("the backlog is drained without an idle gap").isLessThan(interval + 5000);
            }
            // no drain (it would cost another interval): the last command's result is the barrier,
            // every result is a success on the same topic, and one submitter handles them in order
            scenario.assertNothingPaidTwiceNothingLost();
        }
    }

    /**
     * A backlog waiting when the service starts: the first calls of a fresh process must be as
     * far apart as any others. The interval (2 s) is long enough that the rate gate, not the
     * time one command takes, decides when the second call starts.
     */
    @Test
    void theCallsOfAFreshProcessAreAnIntervalApart() throws Exception {
        long interval = 2_000;
        try (ProcessScenario scenario = new ProcessScenario("rate-fresh", TestKafka.bootstrapServers(), interval)) {
            for (int i = 0; i < 3; i++) {
                scenario.publishNew("backlog");
            }
            scenario.createLedgerTopicWithAppendTime();
            scenario.startService();
            scenario.awaitResults(scenario.requestIds(), WAIT);

            System.out.println("gaps at the sandbox: " + scenario.sandbox.gapsMillis() + "; " + timings(scenario));
            assertThat(scenario.sandbox.gapsMillis()).as("ms between consecutive calls at the sandbox, interval "
                    + interval + " ms; " + timings(scenario))
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(interval));
        }
    }

    /**
     * Where each call's time went: from the moment the rate gate let it go (the call_started_ms
     * its in_flight ledger record carries), to that record's append at the broker, to the call's
     * arrival at the sandbox.
     */
    static String timings(ProcessScenario scenario) {
        List<String> lines = new ArrayList<>();
        List<LedgerRecord> ledger = scenario.ledger();
        for (RecordedRequest call : scenario.calls()) {
            String requestId = scenario.requestIdOf(call);
            ledger.stream().filter(r -> r.requestId().equals(requestId) && r.state().equals("in_flight"))
                    .findFirst().ifPresent(inFlight -> lines.add(requestId + ": in_flight appended +"
                            + (inFlight.timestampMillis() - inFlight.callStartedMillis()) + " ms, call arrived +"
                            + (call.arrivedAt().toEpochMilli() - inFlight.callStartedMillis()) + " ms"));
        }
        return "after the gate released each call: " + lines;
    }
}
