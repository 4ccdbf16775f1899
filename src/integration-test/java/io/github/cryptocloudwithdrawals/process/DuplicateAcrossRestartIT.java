package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5.1 and §5.8 across a restart: the ledger, not the process's memory, knows what was
 * paid, and it answers a duplicate before the command is validated again. A command paid before
 * the restart and published again after it is replayed with no second call, even when the
 * restarted service's rules (here a lower maximum amount) would refuse it now: "failed" would
 * tell the backend it was not paid.
 */
@Timeout(120)
class DuplicateAcrossRestartIT {

    @Test
    void aPaidCommandPublishedAgainAfterARestartIsReplayedEvenWhenTheNewRulesRefuseIt() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("duplicate", TestKafka.bootstrapServers(), 300)) {
            String paid = scenario.publishNew("paid");
            String hundred = scenario.publishNew("hundred", new BigDecimal("100"));
            ServiceProcess first = scenario.startService();
            scenario.awaitResults(List.of(paid, hundred), WAIT);
            Event original = scenario.eventsFor(paid).get(0);
            Event originalHundred = scenario.eventsFor(hundred).get(0);
            assertThat(original.topic()).isEqualTo(scenario.succeededTopic());
            assertThat(originalHundred.topic()).isEqualTo(scenario.succeededTopic());
            first.terminate();
            assertThat(first.waitForExit(Duration.ofSeconds(30))).as("exited after SIGTERM").isTrue();

            scenario.set("WITHDRAWAL_MAX_AMOUNTS", "USDT_TRC20:50");
            scenario.startService();
            scenario.publish(paid); // the very same command again
            // and the same request id for a different withdrawal (another amount)
            scenario.publishRaw(paid, "{\"request_id\":\"" + paid + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                    + TRON_ADDRESS + "\",\"amount\":\"999\"}");
            scenario.publish(hundred); // over the new maximum, but paid before
            String overTheMaximum = scenario.publishNew("over-the-maximum", new BigDecimal("60"));
            List<Event> events = scenario.awaitEvents(paid, 3, WAIT);
            scenario.awaitEvents(hundred, 2, WAIT);
            scenario.awaitResults(List.of(overTheMaximum), WAIT);
            scenario.drain(WAIT);

            Event hundredReplay = scenario.eventsFor(hundred).get(1);
            assertThat(hundredReplay.errorType()).as("the duplicate of the paid 100 (error type)").isNull();
            assertThat(hundredReplay.topic()).as("the duplicate of the paid 100").isEqualTo(scenario.succeededTopic());
            assertThat(hundredReplay.headers()).containsEntry("replayed", "true");
            assertThat(hundredReplay.body()).isEqualTo(originalHundred.body());

            assertThat(scenario.callsFor(paid)).as("calls for " + paid).hasSize(1);
            assertThat(scenario.callsFor(hundred)).as("calls for " + hundred).hasSize(1);
            assertThat(scenario.calls()).as("only the first payments and the drain's sentinel were sent").hasSize(3);
            assertThat(scenario.eventsFor(paid)).as("events for " + paid).hasSize(3);

            // Kafka keeps no order across the two result topics: the answers are told apart by topic
            Event replay = events.subList(1, 3).stream().filter(e -> e.topic().equals(scenario.succeededTopic()))
                    .findFirst().orElseThrow(() -> new AssertionError("no replay of " + paid + " in " + events));
            assertThat(replay.headers()).containsEntry("replayed", "true")
                    .containsEntry("ce_subject", paid)
                    .containsEntry("ce_type", original.headers().get("ce_type"));
            assertThat(replay.headers().get("ce_id")).isNotEqualTo(original.headers().get("ce_id"));
            assertThat(replay.body()).isEqualTo(original.body());

            Event conflict = events.subList(1, 3).stream().filter(e -> e.topic().equals(scenario.failedTopic()))
                    .findFirst().orElseThrow(() -> new AssertionError("no conflict for " + paid + " in " + events));
            assertThat(conflict.errorType()).as("a different withdrawal under a used request_id, over the maximum too")
                    .isEqualTo("conflict");
            assertThat(conflict.headers()).doesNotContainKey("replayed");

            assertThat(scenario.eventsFor(overTheMaximum)).as("a new command over the maximum").singleElement()
                    .satisfies(event -> {
                        assertThat(event.errorType()).isEqualTo("validation");
                        assertThat(event.body().get("error").get("field").textValue()).isEqualTo("amount");
                    });
        }
    }
}
