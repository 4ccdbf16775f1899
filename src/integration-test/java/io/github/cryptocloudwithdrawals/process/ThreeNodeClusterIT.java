package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.KafkaBrokerProcess;
import io.github.cryptocloudwithdrawals.testsupport.KafkaProcessCluster;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TransactionVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The service on a three-node KRaft cluster set up as production runs it (replication factor 3,
 * {@code min.insync.replicas} 2, for its internal topics as for Kafka's own): while a backlog is
 * paid, the node leading the ledger's partition is stopped (a rolling restart's step), brought back,
 * and later another node is killed (kill -9). Payouts go on throughout: nothing is paid twice,
 * nothing is lost, and no call comes sooner than the interval after the previous one, as measured
 * at the sandbox.
 */
@Timeout(300)
@Isolated("it asserts the gaps between calls at the sandbox, and runs three brokers beside the service")
@Execution(ExecutionMode.SAME_THREAD)
class ThreeNodeClusterIT {

    private static final long INTERVAL_MS = 1000;
    private static final int CALLS_BETWEEN_FAULTS = 4;

    @Test
    void theLedgersLeaderIsStoppedThenAnotherNodeKilledWhilePayoutsGoOn() throws Exception {
        try (KafkaProcessCluster cluster = KafkaProcessCluster.start(System.getProperty("kafka.version", "4.3.1"), 3);
             ProcessScenario scenario = new ProcessScenario("three-nodes", cluster.clientProperties(), INTERVAL_MS)) {
            assertThat(TransactionVersion.of(cluster.clientProperties())).isEqualTo((short) 2);
            scenario.set("WITHDRAWAL_INTERNAL_TOPICS_REPLICATION_FACTOR", "3")
                    .set("WITHDRAWAL_INTERNAL_TOPICS_MIN_INSYNC_REPLICAS", "2");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(scenario.publishNew("payout-" + i));
            }
            ServiceProcess service = scenario.startService();
            scenario.awaitCalls(CALLS_BETWEEN_FAULTS, WAIT);

            KafkaBrokerProcess leader = cluster.leaderOf(scenario.ledgerTopic());
            int callsAtStop = scenario.calls().size();
            long stopped = System.nanoTime();
            leader.stop();
            long firstCallAfterStop = awaitMoreCalls(scenario, callsAtStop);
            cluster.restart(leader);
            cluster.awaitFullyInSync(scenario.ledgerTopic(), WAIT);

            KafkaBrokerProcess newLeader = cluster.leaderOf(scenario.ledgerTopic());
            KafkaBrokerProcess killed = newLeader != leader ? newLeader
                    : cluster.node(leader.nodeId() % 3 + 1);
            // commands to pay after the kill, however many of the first ones the restart took
            for (int i = 0; i < CALLS_BETWEEN_FAULTS; i++) {
                ids.add(scenario.publishNew("after-restart-" + i));
            }
            int callsAtKill = scenario.calls().size();
            long killedAt = System.nanoTime();
            killed.kill();
            long firstCallAfterKill = awaitMoreCalls(scenario, callsAtKill);

            scenario.awaitResults(ids, WAIT.multipliedBy(2));
            scenario.drain(WAIT);
            System.out.printf("ledger leader node %d stopped: next call %d ms later; node %d (%s) killed: next call"
                            + " %d ms later; gaps at the sandbox (interval %d ms): %s%n", leader.nodeId(),
                    (firstCallAfterStop - stopped) / 1_000_000, killed.nodeId(),
                    killed == newLeader ? "the ledger's new leader" : "a follower",
                    (firstCallAfterKill - killedAt) / 1_000_000, INTERVAL_MS, scenario.sandbox.gapsMillis());

            assertThat(service.isAlive()).as("the service outlived both").isTrue();
            scenario.assertNothingPaidTwiceNothingLost();
            assertThat(scenario.sandbox.gapsMillis()).as("gaps between calls at the sandbox")
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL_MS));
        }
    }

    /** Waits for a few more calls than {@code before}; returns when the first of them arrived. */
    private static long awaitMoreCalls(ProcessScenario scenario, int before) {
        return scenario.awaitCalls(before + CALLS_BETWEEN_FAULTS, WAIT).get(before).arrivalNanos();
    }
}
