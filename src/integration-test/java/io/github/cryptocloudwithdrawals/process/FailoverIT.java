package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Several instances of the packaged service in one consumer group: exactly one of them calls
 * CryptoCloud for the key at a time. SIGKILL the one calling, and another takes over after the
 * group's session timeout (6 s here) and carries on from the ledger: no request id is sent twice,
 * no call comes closer than the interval to the previous one (across the takeover too), nothing
 * is lost.
 */
@Timeout(240)
@Isolated("it asserts the gaps between calls at the sandbox: other tests' service JVMs starting on the two cores"
        + " could hold a call up between the rate gate and the wire, shortening the next gap as the sandbox sees it")
@Execution(ExecutionMode.SAME_THREAD)
class FailoverIT {

    private static final long INTERVAL_MS = 1000;

    @Test
    void twoInstancesTheCallerIsKilledWhileTheApiHoldsItsCall() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("failover-2", TestKafka.bootstrapServers(), INTERVAL_MS)) {
            List<ServiceProcess> instances = startInstances(scenario, 2);
            List<String> ids = publish(scenario, 8);
            scenario.awaitCalls(2, WAIT);
            scenario.sandbox.enqueue(SandboxAnswer.delayed(8000, SandboxAnswer.success()));

            RecordedRequest held = scenario.awaitCalls(3, WAIT).get(2);
            Takeover takeover = killCaller(scenario, held);

            scenario.awaitResults(ids, WAIT);
            // instances joining the intake group while it reads may have the commands read again: copies are
            // replays of the same result (checked with every other request in assertTakeover)
            assertThat(scenario.eventsFor(scenario.requestIdOf(held))).filteredOn(event -> !ProcessScenario.replayed(event))
                    .singleElement().satisfies(event -> assertThat(event.errorType()).isEqualTo("outcome_unknown"));
            assertTakeover(scenario, takeover, instances);
        }
    }

    @Test
    void threeInstancesTheCallerIsKilledBetweenCallsThenTheNextOneWhileTheApiHoldsItsCall() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("failover-3", TestKafka.bootstrapServers(), INTERVAL_MS)) {
            List<ServiceProcess> instances = startInstances(scenario, 3);
            List<String> ids = publish(scenario, 12);

            // right after its second call was answered
            scenario.awaitCalls(2, WAIT);
            String answered = scenario.requestIdOf(scenario.calls().get(1));
            scenario.awaitEvents(answered, 1, WAIT);
            Takeover first = killCaller(scenario, scenario.calls().get(1));

            int callsSoFar = scenario.awaitCalls(4, WAIT).size();
            scenario.sandbox.enqueue(SandboxAnswer.delayed(8000, SandboxAnswer.success()));
            RecordedRequest held = scenario.awaitCalls(callsSoFar + 1, WAIT).get(callsSoFar);
            Takeover second = killCaller(scenario, held);
            assertThat(second.killed()).isNotSameAs(first.killed());

            scenario.awaitResults(ids, WAIT);
            // instances joining the intake group while it reads may have the commands read again: copies are
            // replays of the same result (checked with every other request in assertTakeover)
            assertThat(scenario.eventsFor(scenario.requestIdOf(held))).filteredOn(event -> !ProcessScenario.replayed(event))
                    .singleElement().satisfies(event -> assertThat(event.errorType()).isEqualTo("outcome_unknown"));
            assertTakeover(scenario, first, instances);
            assertTakeover(scenario, second, instances);
        }
    }

    /**
     * A kill, and the call before it: the next call at the sandbox is the successor's first.
     *
     * @param lastCallNanos when the killed instance's last call reached the sandbox
     */
    private record Takeover(ServiceProcess killed, long lastCallNanos, long killedNanos) {
    }

    private static List<ServiceProcess> startInstances(ProcessScenario scenario, int count) {
        List<ServiceProcess> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instances.add(scenario.launch());
        }
        instances.forEach(instance -> instance.awaitStarted(ProcessScenario.STARTUP));
        return instances;
    }

    private static List<String> publish(ProcessScenario scenario, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(scenario.publishNew("payout-" + i));
        }
        return ids;
    }

    private static Takeover killCaller(ProcessScenario scenario, RecordedRequest call) {
        ServiceProcess caller = scenario.callerOf(scenario.requestIdOf(call));
        scenario.crash(caller);
        return new Takeover(caller, call.arrivalNanos(), System.nanoTime());
    }

    /**
     * Every command has one result and at most one call; the successor's first call came no
     * sooner than the interval after the killed instance's last; no gap anywhere is shorter.
     */
    private static void assertTakeover(ProcessScenario scenario, Takeover takeover, List<ServiceProcess> instances) {
        scenario.assertNothingPaidTwiceNothingLost();
        List<RecordedRequest> calls = scenario.calls();
        RecordedRequest next = calls.stream().filter(c -> c.arrivalNanos() > takeover.lastCallNanos()).findFirst()
                .orElseThrow(() -> new AssertionError("no call after the kill of " + takeover.killed().name()));
        ServiceProcess successor = scenario.callerOf(scenario.requestIdOf(next));
        assertThat(successor).isNotSameAs(takeover.killed()).isIn(instances);
        double gapMillis = (next.arrivalNanos() - takeover.lastCallNanos()) / 1e6;
        double failoverMillis = (next.arrivalNanos() - takeover.killedNanos()) / 1e6;
        System.out.printf("%s: %s killed; %s called %.0f ms after the kill, %.1f ms after the killed one's last call%n",
                scenario.run, takeover.killed().name(), successor.name(), failoverMillis, gapMillis);
        assertThat(gapMillis).as("gap across the takeover").isGreaterThanOrEqualTo(INTERVAL_MS);
        assertThat(scenario.sandbox.gapsMillis()).as("gaps between calls at the sandbox")
                .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL_MS));
        assertThat(Duration.ofNanos((long) (failoverMillis * 1e6))).as("takeover within the session timeout and a call")
                .isLessThan(Duration.ofSeconds(6).plusMillis(INTERVAL_MS).plusSeconds(10));
    }
}
