package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5.8, rebalances: an instance cut off from Kafka while the API holds its call loses the
 * account's queue to another instance, which reports that call {@code outcome_unknown} and goes
 * on paying. When the first one can reach Kafka again with its answer, it must not take the
 * account's ledger writer back (that would fence the instance holding the account now, whose
 * definite answer for the next request would then end {@code outcome_unknown} too): it holds
 * the queue no more, so it records nothing and logs the answer.
 *
 * <p>The cut is a TCP proxy in front of the broker for the first instance only. What the test
 * cannot order exactly is the old instance's retry against the new one's held answer; it gives
 * the old instance 12 s (its retries come every ≤ 0.4 s once Kafka is back).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CutOffInstanceIT {

    @Test
    void anInstanceCutOffWhileTheApiHeldItsCallDoesNotFenceTheOneThatTookItsQueueOver() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startWithProxiedListener();
             ProcessScenario scenario = new ProcessScenario("cut-off", broker.bootstrapServers(), 1000)) {
            scenario.set("CRYPTOCLOUD_TIMEOUT_MS", "30000");
            scenario.set("KAFKA_BOOTSTRAP_SERVERS", broker.proxiedBootstrapServers());
            ServiceProcess cutOff = scenario.startService();
            scenario.set("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            ServiceProcess successor = scenario.startService();

            // the first call's answer comes while its caller is cut off; the second is held long
            // enough for the cut-off instance to be back with its answer meanwhile
            scenario.sandbox.enqueue(SandboxAnswer.delayed(3_000, SandboxAnswer.success()));
            scenario.sandbox.enqueue(SandboxAnswer.delayed(12_000, SandboxAnswer.success()));
            String held = scenario.publishNew("held");
            String next = scenario.publishNew("next");
            scenario.awaitCalls(1, WAIT);
            waitFor("both commands in the queue").atMost(WAIT)
                    .until(() -> scenario.endOffsets(scenario.submissionsTopic()).get(scenario.submissionsTopic()) >= 2);
            assertThat(scenario.callerOf(held)).isSameAs(cutOff);
            broker.proxy().cut();

            // the successor takes the queue over after the session timeout and calls for the next one
            scenario.awaitCalls(2, WAIT);
            assertThat(scenario.callerOf(next)).isSameAs(successor);
            // the cut-off instance has its answer and has given up waiting for Kafka once
            cutOff.awaitLog("request_id=" + held + " the ledger cannot record the API's answer", WAIT);
            broker.proxy().restore();

            scenario.awaitResults(List.of(held, next), WAIT);
            scenario.drain(WAIT);

            assertThat(scenario.eventsFor(held)).as("the result of " + held).first()
                    .satisfies(event -> assertThat(event.errorType()).isEqualTo("outcome_unknown"));
            List<Event> nextResults = scenario.eventsFor(next);
            assertThat(nextResults).as("the result of " + next + ", whose answer came after the cut-off instance was back")
                    .first().satisfies(event -> assertThat(event.topic()).isEqualTo(scenario.succeededTopic()));
            assertThat(scenario.callsFor(held)).hasSize(1);
            assertThat(scenario.callsFor(next)).hasSize(1);
            // and the cut-off instance, back, left its answer in the log instead of fencing the successor
            cutOff.awaitLog("request_id=" + held + " the API's answer cannot be recorded: this instance no longer "
                    + "holds the queue of account default", Duration.ofSeconds(20));
        }
    }
}
