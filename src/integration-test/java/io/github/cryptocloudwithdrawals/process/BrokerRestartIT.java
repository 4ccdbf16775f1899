package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Kafka broker goes away in the middle of a backlog and comes back on the same address with
 * the same data (a broker restart): the service waits, nothing is paid without an acknowledged
 * in_flight record, and once the broker is back every command is paid exactly once.
 */
@Timeout(180)
class BrokerRestartIT {

    private static final Duration OUTAGE = Duration.ofSeconds(4);

    @Test
    void brokerStoppedAndStartedAgainWhileABacklogIsPaid() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             ProcessScenario scenario = new ProcessScenario("broker-restart", broker.bootstrapServers(), 300)) {
            for (int i = 0; i < 12; i++) {
                scenario.publishNew("backlog");
            }
            ServiceProcess service = scenario.startService();
            scenario.awaitCalls(3, WAIT);

            String unreachable = "could not be established";
            long warningsBefore = service.countLog(unreachable);
            broker.stop();
            long stopped = System.nanoTime();
            int callsAtStop = scenario.calls().size();
            waitFor("the service noticing the broker is gone").atMost(WAIT)
                    .until(() -> service.countLog(unreachable) > warningsBefore);
            // The outage itself: at most the call whose in_flight record was acknowledged before
            // the broker stopped may still be sent.
            waitFor("the outage to last " + OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() -> {
                assertThat(scenario.calls()).as("calls while the broker is down").hasSizeLessThanOrEqualTo(callsAtStop + 1);
                return System.nanoTime() - stopped > OUTAGE.toNanos();
            });
            long restarted = System.nanoTime();
            broker.startAgain();
            assertThat(service.isAlive()).as("the service outlived the outage").isTrue();

            scenario.awaitResults(scenario.requestIds(), WAIT.multipliedBy(2));
            scenario.drain(WAIT);

            List<RecordedRequest> duringOutage = scenario.calls().stream()
                    .filter(c -> c.arrivalNanos() > stopped && c.arrivalNanos() < restarted).toList();
            System.out.println("calls while the broker was down: " + duringOutage.size());
            assertThat(duringOutage).hasSizeLessThanOrEqualTo(1);
            scenario.assertNothingPaidTwiceNothingLost();
            scenario.reportGaps();
        }
    }

    /**
     * The broker goes away while the API holds a call, so its answer arrives with no broker to
     * record it: the service keeps the definite answer until the broker is back and records and
     * publishes it, rather than turning the payout into an unknown outcome.
     */
    @Test
    void anAnswerThatArrivesWhileTheBrokerIsDownIsRecordedOnceItIsBack() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             ProcessScenario scenario = new ProcessScenario("broker-down-answer", broker.bootstrapServers(), 300)) {
            scenario.sandbox.enqueue(SandboxAnswer.delayed(2000, SandboxAnswer.success()));
            String held = scenario.publishNew("held");
            scenario.publishNew("queued");
            scenario.startService();
            scenario.awaitCalls(1, WAIT);

            broker.stop();
            Thread.sleep(OUTAGE.toMillis()); // the outage; the answer comes 2 s into it
            broker.startAgain();

            scenario.awaitResults(scenario.requestIds(), WAIT.multipliedBy(2));
            scenario.drain(WAIT);
            assertThat(scenario.eventsFor(held)).singleElement()
                    .satisfies(event -> assertThat(event.topic()).isEqualTo(scenario.succeededTopic()));
            assertThat(scenario.callsFor(held)).hasSize(1);
            scenario.assertNothingPaidTwiceNothingLost();
        }
    }
}
