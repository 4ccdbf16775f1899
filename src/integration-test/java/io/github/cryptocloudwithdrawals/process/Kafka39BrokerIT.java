package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.KafkaProcessCluster;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TransactionVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service, whose Kafka clients are 4.x, on a Kafka 3.9 broker, what many production clusters
 * still run (transaction version 0: no epoch bump per transaction, KIP-890's server-side checks
 * absent), in a process of its own: the pipeline (a valid command paid, an invalid one answered at
 * once, a duplicate replayed), then the instance calling is killed while the API holds its call,
 * and the other instance takes the queue over: the held request ends {@code outcome_unknown}
 * without a second call, every other command is paid once.
 */
@Timeout(180)
class Kafka39BrokerIT {

    @Test
    void pipelineCrashInFlightAndTakeoverOnAKafka39Broker() throws Exception {
        String version = System.getProperty("kafka39.version", "3.9.1");
        try (KafkaProcessCluster broker = KafkaProcessCluster.start(version, 1);
             ProcessScenario scenario = new ProcessScenario("kafka-" + version, broker.clientProperties(), 500)) {
            assertThat(TransactionVersion.of(broker.clientProperties())).as("Kafka 3.9 has no transaction version 2")
                    .isZero();
            List<ServiceProcess> instances = List.of(scenario.launch(), scenario.launch());
            instances.forEach(instance -> instance.awaitStarted(ProcessScenario.STARTUP));

            String paid = scenario.publishNew("paid");
            scenario.publishRaw("invalid-1", "{\"request_id\":\"invalid-1\",\"currency_code\":\"USDT_TRC20\","
                    + "\"to_address\":\"not-an-address\",\"amount\":\"1\"}");
            scenario.awaitResults(List.of(paid, "invalid-1"), WAIT);
            scenario.publish(paid);
            scenario.awaitEvents(paid, 2, WAIT);

            scenario.sandbox.enqueue(SandboxAnswer.delayed(8000, SandboxAnswer.success()));
            String held = scenario.publishNew("held");
            List<String> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                after.add(scenario.publishNew("after"));
            }
            scenario.awaitCalls(2, WAIT);
            ServiceProcess caller = scenario.callerOf(held);
            scenario.crash(caller);
            scenario.awaitInFlightAtACrash(held);

            scenario.awaitResults(after, WAIT);
            scenario.drain(WAIT);

            // the result, once; a copy the intake passed on again (its batch read again after the crash
            // or a rebalance, docs/architecture.md) is answered with a replay of it, which
            // assertNothingPaidTwiceNothingLost checks
            assertThat(scenario.eventsFor(held)).filteredOn(event -> !ProcessScenario.replayed(event)).singleElement()
                    .satisfies(event -> assertThat(event.errorType()).isEqualTo("outcome_unknown"));
            assertThat(scenario.callsFor(held)).hasSize(1);
            assertThat(scenario.callerOf(after.get(0))).as("the instance that took the queue over")
                    .isNotSameAs(caller).isIn(instances);
            // the intake answers the duplicate with a replay; around the second instance joining it may
            // read its first records again (docs/architecture.md), the paid command's too, and answers
            // each copy with a replay of the same result, which assertNothingPaidTwiceNothingLost checks
            assertThat(scenario.eventsFor(paid)).as("the duplicate's replay").filteredOn(ProcessScenario::replayed)
                    .isNotEmpty();
            assertThat(scenario.events()).filteredOn(event -> "invalid-1".equals(event.key())).extracting(Event::errorType)
                    .containsOnly("validation");
            scenario.assertNothingPaidTwiceNothingLost();
            scenario.reportGaps();
        }
    }
}
