package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5.1 across a restart: the ledger, not the process's memory, knows what was paid. A
 * command paid before the restart and published again after it is answered from the ledger,
 * with no second call.
 */
class DuplicateAcrossRestartIT {

    @Test
    void aCommandPaidBeforeARestartAndPublishedAgainIsReplayedWithoutACall() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("duplicate", TestKafka.bootstrapServers(), 300)) {
            String paid = scenario.publishNew("paid");
            ServiceProcess first = scenario.startService();
            Event original = scenario.awaitEvents(paid, 1, WAIT).get(0);
            assertThat(original.topic()).isEqualTo(scenario.succeededTopic());
            first.terminate();
            assertThat(first.waitForExit(Duration.ofSeconds(30))).as("exited after SIGTERM").isTrue();

            scenario.startService();
            scenario.publish(paid); // the very same command again
            // and the same request id for a different withdrawal (another amount)
            scenario.publishRaw(paid, "{\"request_id\":\"" + paid + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                    + ProcessScenario.TRON + "\",\"amount\":\"999\"}");
            List<Event> events = scenario.awaitEvents(paid, 3, WAIT);
            scenario.drain(WAIT);

            assertThat(scenario.callsFor(paid)).as("calls for " + paid).hasSize(1);
            assertThat(scenario.calls()).as("only the first payment and the drain's sentinel were sent").hasSize(2);
            assertThat(scenario.eventsFor(paid)).as("events for " + paid).hasSize(3);

            Event replay = events.get(1);
            assertThat(replay.topic()).isEqualTo(scenario.succeededTopic());
            assertThat(replay.headers()).containsEntry("replayed", "true")
                    .containsEntry("ce_subject", paid)
                    .containsEntry("ce_type", original.headers().get("ce_type"));
            assertThat(replay.headers().get("ce_id")).isNotEqualTo(original.headers().get("ce_id"));
            assertThat(replay.body()).isEqualTo(original.body());

            Event conflict = events.get(2);
            assertThat(conflict.topic()).isEqualTo(scenario.failedTopic());
            assertThat(conflict.errorType()).isEqualTo("conflict");
            assertThat(conflict.headers()).doesNotContainKey("replayed");
        }
    }
}
