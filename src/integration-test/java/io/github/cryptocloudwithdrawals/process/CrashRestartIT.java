package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGKILL at the dangerous points of a payout, then a restart of the packaged service: nothing is
 * paid twice (the sandbox saw at most one call per request id), nothing is lost (every command
 * ends with exactly one result; a republication after the crash repeats the same event, ce_id
 * included).
 */
@Timeout(180)
class CrashRestartIT {

    private static final long INTERVAL_MS = 300;

    /** The API holds the call; the service dies before any answer: that call must never be sent again. */
    @Test
    void killedWhileTheApiHoldsTheCall() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("kill-held", TestKafka.bootstrapServers(), INTERVAL_MS)) {
            scenario.sandbox.enqueue(SandboxAnswer.delayed(5000, SandboxAnswer.success()));
            ServiceProcess first = scenario.startService();
            String held = scenario.publishNew("held");
            scenario.publishNew("queued");
            scenario.publishNew("queued");

            scenario.awaitCalls(1, WAIT);
            scenario.crash(first);
            assertThat(scenario.requestIdOf(scenario.calls().get(0))).isEqualTo(held);
            assertThat(scenario.eventsFor(held)).as("no answer came before the kill").isEmpty();
            scenario.awaitInFlightAtACrash(held);

            scenario.startService();
            scenario.awaitResults(scenario.requestIds(), WAIT);
            scenario.drain(WAIT);

            List<Event> heldEvents = scenario.eventsFor(held);
            assertThat(heldEvents).hasSize(1);
            assertThat(heldEvents.get(0).errorType()).isEqualTo("outcome_unknown");
            assertThat(heldEvents.get(0).topic()).isEqualTo(scenario.failedTopic());
            assertThat(scenario.callsFor(held)).hasSize(1);
            scenario.assertNothingPaidTwiceNothingLost();
            scenario.reportGaps();
        }
    }

    /**
     * The API answered at once; the service dies a few milliseconds later, somewhere between
     * reading the answer, recording it in the ledger, publishing the event and committing. The
     * timing is best effort (the kill races the service), so several kills at growing offsets
     * after the call's arrival cover those steps; each round may end as a success (republished
     * with the same ce_id, or already committed) or as outcome_unknown (the answer was not
     * recorded yet, which the ledger tells), never as a second call.
     */
    @Test
    void killedRightAfterTheApiAnswered() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("kill-answered", TestKafka.bootstrapServers(), INTERVAL_MS)) {
            for (int i = 0; i < 12; i++) {
                scenario.publishNew("backlog");
            }
            Set<String> calledAtAKill = new LinkedHashSet<>();
            List<String> rounds = new ArrayList<>();
            for (long killAfterMicros : new long[] {0, 5_000, 10_000, 16_000, 25_000}) {
                int before = scenario.calls().size();
                ServiceProcess process = scenario.startService();
                // the process's second call: the first one of a fresh JVM takes tens of ms longer
                RecordedRequest call = awaitNextCall(scenario, before + 1);
                // the kill point itself, counted from the call's arrival: not a wait for something to happen
                while (System.nanoTime() - call.arrivalNanos() < killAfterMicros * 1_000) {
                    Thread.onSpinWait();
                }
                scenario.crash(process);
                String called = scenario.requestIdOf(call);
                calledAtAKill.add(called);
                rounds.add(String.format("%s killed %.1f ms after its call arrived; answer recorded in the ledger: %s,"
                        + " result logged: %s", called, killAfterMicros / 1000.0,
                        !scenario.inFlightAtACrash().contains(called),
                        process.logContains("request_id=" + called + " outcome=")));
            }

            scenario.startService();
            scenario.awaitResults(scenario.requestIds(), WAIT);
            scenario.drain(WAIT);

            for (String called : calledAtAKill) {
                System.out.printf("killed right after the call of %s: %s%n", called, scenario.eventsFor(called).stream()
                        .map(e -> e.topic() + "/" + e.errorType() + " ce_id=" + e.headers().get("ce_id")).toList());
            }
            rounds.forEach(System.out::println);
            scenario.assertNothingPaidTwiceNothingLost();
            scenario.reportGaps();
        }
    }

    /**
     * Commands are queued (some published before the service ran at all) and the service is
     * killed before any of them reached the API: the API was unreachable, so the first command
     * was recorded "not sent" and held. After a restart against a reachable API every command is
     * paid exactly once. The exception is the held command when the kill lands inside one of its
     * attempts (in_flight recorded, connection refused, not_sent not yet recorded): the service
     * cannot know the connection failed, so it rightly ends outcome_unknown, without a call.
     */
    @Test
    void killedWithCommandsQueuedBeforeAnyCallReachedTheApi() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("kill-queued", TestKafka.bootstrapServers(), INTERVAL_MS)) {
            scenario.publishNew("before-start");
            scenario.publishNew("before-start");
            scenario.set("CRYPTOCLOUD_BASE_URL", "http://127.0.0.1:" + closedPort());
            ServiceProcess first = scenario.startService();
            scenario.publishNew("while-running");
            scenario.publishNew("while-running");

            String held = "held: CryptoCloud could not be reached";
            waitFor("two held attempts in the log").atMost(WAIT).until(() -> first.countLog(held) >= 2);
            scenario.crash(first);
            assertThat(scenario.calls()).isEmpty();
            assertThat(scenario.events()).isEmpty();
            assertThat(scenario.inFlightAtACrash()).as("only the held command was ever attempted")
                    .isSubsetOf(scenario.requestIds().iterator().next());
            System.out.println("held command in flight at the kill: " + !scenario.inFlightAtACrash().isEmpty());

            scenario.set("CRYPTOCLOUD_BASE_URL", scenario.sandbox.baseUrl());
            scenario.startService();
            scenario.awaitResults(scenario.requestIds(), WAIT);
            scenario.drain(WAIT);

            scenario.assertNothingPaidTwiceNothingLost();
            assertThat(scenario.requestIds()).allSatisfy(id -> assertThat(scenario.callsFor(id))
                    .hasSize(scenario.inFlightAtACrash().contains(id) ? 0 : 1));
            scenario.reportGaps();
        }
    }

    /**
     * Waits for the call after the first {@code before} ones and returns it, checking every 0.1 ms
     * (the kill point is counted from the call's arrival, so it must be seen at once) without
     * spinning a core the service and the broker need.
     */
    private static RecordedRequest awaitNextCall(ProcessScenario scenario, int before) {
        return waitFor("the call after the first " + before).atMost(WAIT).pollInterval(Duration.ofNanos(100_000))
                .until(scenario::calls, calls -> calls.size() > before).get(before);
    }

    /** A loopback port nothing listens on: connecting is refused, so nothing is ever sent. */
    private static int closedPort() {
        return LoopbackPorts.freePort();
    }
}
