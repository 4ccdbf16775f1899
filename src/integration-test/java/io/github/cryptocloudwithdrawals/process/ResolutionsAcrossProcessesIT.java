package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.PrometheusText.value;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5a with the packaged service: the ledger, not a process's memory, knows which requests
 * are unknown and which resolution settled them, across a restart and between instances.
 */
@Timeout(180)
class ResolutionsAcrossProcessesIT {

    private static final String SERVER_ERROR = "{\"detail\":\"Internal Server Error\"}";

    private static String paid(String requestId, String invoiceId) {
        return "{\"request_id\":\"" + requestId + "\",\"resolution\":\"paid\",\"invoice_id\":\"" + invoiceId
                + "\",\"resolved_by\":\"alice\"}";
    }

    private static double unresolved(ServiceProcess process) {
        return value(process.management("/observe/metrics").body(), "withdrawals_unresolved_unknown",
                "account=\"default\"");
    }

    /** The sandbox answers its call HTTP 500: the command ends outcome_unknown. */
    private static String publishOneAnsweredWith500(ProcessScenario scenario) {
        scenario.sandbox.enqueue(SandboxAnswer.status(500, SERVER_ERROR));
        return scenario.publishNew("unknown");
    }

    @Test
    void anUnknownOutcomeIsCountedAfterARestartAndResolvedThere() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("resolve-restart", TestKafka.bootstrapServers(), 300)) {
            String id = publishOneAnsweredWith500(scenario);
            ServiceProcess first = scenario.startService();
            Event unknown = scenario.awaitEvents(id, 1, WAIT).get(0);
            assertThat(unknown.errorType()).isEqualTo("outcome_unknown");
            first.terminate();
            assertThat(first.waitForExit(Duration.ofSeconds(30))).as("exited after SIGTERM").isTrue();

            ServiceProcess second = scenario.startService();
            assertThat(unresolved(second)).as("the gauge right after the restart, before any traffic").isEqualTo(1);
            scenario.resolve(id, paid(id, "INV-RESTART-1"));
            Event success = scenario.awaitEvents(id, 2, WAIT).get(1);
            scenario.drain(WAIT);

            assertThat(success.topic()).isEqualTo(scenario.succeededTopic());
            assertThat(success.headers()).containsEntry("resolution", "paid");
            assertThat(success.body().get("invoice_id").textValue()).isEqualTo("INV-RESTART-1");
            assertThat(scenario.callsFor(id)).as("calls for " + id).hasSize(1);
            assertThat(scenario.eventsFor(id)).hasSize(2);
            waitFor("the gauge after the resolution").atMost(WAIT).until(() -> unresolved(second) == 0);
        }
    }

    /**
     * A stop between the ledger record of a resolution and the commit of its submission (the
     * event published or not): the submission is read again, and its recorded event published
     * again, the same ce_id, with no call.
     */
    @Test
    void aResolutionReadAgainAfterAStopRepublishesItsRecordedEvent() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("resolve-again", TestKafka.bootstrapServers(), 300)) {
            // the consumed submissions stay in the queue, to be read again
            scenario.set("WITHDRAWAL_QUEUE_PURGE_INTERVAL_MS", "86400000");
            String id = publishOneAnsweredWith500(scenario);
            ServiceProcess first = scenario.startService();
            scenario.awaitEvents(id, 1, WAIT);
            scenario.resolve(id, paid(id, "INV-AGAIN-1"));
            Event success = scenario.awaitEvents(id, 2, WAIT).get(1);
            first.terminate();
            assertThat(first.waitForExit(Duration.ofSeconds(30))).as("exited after SIGTERM").isTrue();
            long afterTheResolution = scenario.committedOffset(scenario.submitterGroup(), scenario.submissionsTopic());
            scenario.commitOffset(scenario.submitterGroup(), scenario.submissionsTopic(), afterTheResolution - 1);

            scenario.startService();
            Event again = scenario.awaitEvents(id, 3, WAIT).get(2);
            scenario.drain(WAIT);

            assertThat(again.headers().get("ce_id")).as("the same event: consumers drop it").isEqualTo(success.headers()
                    .get("ce_id"));
            assertThat(again.body()).isEqualTo(success.body());
            assertThat(again.headers()).containsEntry("resolution", "paid").doesNotContainKey("replayed");
            assertThat(scenario.callsFor(id)).as("calls for " + id).hasSize(1);
        }
    }

    @Test
    void twoInstancesApplyOneResolutionExactlyOnce() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("resolve-two", TestKafka.bootstrapServers(), 300)) {
            String id = publishOneAnsweredWith500(scenario);
            ServiceProcess one = scenario.startService();
            ServiceProcess two = scenario.startService();
            assertThat(scenario.awaitEvents(id, 1, WAIT).get(0).errorType()).isEqualTo("outcome_unknown");
            waitFor("both instances counting the unknown outcome").atMost(WAIT)
                    .until(() -> unresolved(one) == 1 && unresolved(two) == 1);

            scenario.resolve(id, paid(id, "INV-TWO-1"));
            scenario.awaitEvents(id, 2, WAIT);
            scenario.drain(WAIT);

            assertThat(scenario.eventsFor(id)).as("the unknown outcome and one success").hasSize(2);
            assertThat(scenario.callsFor(id)).hasSize(1);
            LedgerTopic ledger = new LedgerTopic(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestKafka.bootstrapServers()), scenario.ledgerTopic());
            List<LedgerTopic.LedgerRecord> resolved = ledger.committed().stream()
                    .filter(r -> r.requestId().equals(id) && r.value().contains("INV-TWO-1")).toList();
            assertThat(resolved).as("ledger records of the resolution").hasSize(1);
            waitFor("both instances' gauges back to 0").atMost(WAIT)
                    .until(() -> unresolved(one) == 0 && unresolved(two) == 0);
        }
    }
}
