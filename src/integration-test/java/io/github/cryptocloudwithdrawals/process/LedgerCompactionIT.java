package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5.8: compaction never makes the ledger forget a request. A request left in flight by a
 * crash, whose account then is not served for a while (the README allows removing an account
 * and listing it again), is still known after the log cleaner has rewritten the ledger several
 * times, so it is reported {@code outcome_unknown} and never sent again. The ledger topic is
 * created with aggressive cleaner settings and the broker's cleaner wakes up every 200 ms, so
 * what takes a day on a stock broker (delete.retention.ms) happens within the test.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LedgerCompactionIT {

    private static final Map<String, String> EAGER_CLEANER = Map.of(
            "log.cleaner.backoff.ms", "200",
            "log.retention.check.interval.ms", "1000");

    @Test
    void aRequestLeftInFlightIsStillKnownAfterTheCleanerRan() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EAGER_CLEANER);
             ProcessScenario scenario = new ProcessScenario("ledger-compaction", broker.bootstrapServers(), 300)) {
            scenario.createLedgerTopic(Map.of(
                    // a write 100 ms after a segment's first one starts a new segment: calls are
                    // 300 ms apart, so the active segment (never cleaned) holds the last request only
                    TopicConfig.SEGMENT_MS_CONFIG, "100",
                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0",
                    // how long the cleaner keeps a tombstone once it has seen it (a day by default)
                    TopicConfig.DELETE_RETENTION_MS_CONFIG, "100"));

            // the treasury account's request is in flight when its instance dies
            scenario.withTreasuryAccount();
            scenario.sandbox.enqueue(SandboxAnswer.delayed(10_000, SandboxAnswer.success()));
            ServiceProcess first = scenario.startService();
            String inFlight = scenario.publishNew("in-flight", "treasury");
            scenario.awaitCalls(1, WAIT);
            scenario.crash(first);
            scenario.awaitInFlightAtACrash(inFlight);

            // the account is left out for a while; the default account's payments fill the ledger
            scenario.set("CRYPTOCLOUD_ACCOUNTS", null);
            ServiceProcess second = scenario.startService();
            List<String> paid = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    batch.add(scenario.publishNew("filler-" + round));
                }
                scenario.awaitResults(batch, WAIT);
                paid.addAll(batch);
                // Each round is cleaned once all but its last request's superseded in_flight
                // records are gone: the second round's cleaning comes after the first one's
                // delete horizon, so a tombstone the first one kept would be removed by then.
                awaitCleaned(scenario, batch.subList(0, batch.size() - 1));
            }
            second.terminate();
            assertThat(second.waitForExit(Duration.ofSeconds(30))).as("exited after SIGTERM").isTrue();
            System.out.println("ledger after cleaning: " + scenario.ledger().stream()
                    .map(r -> r.offset() + ":" + r.requestId() + "/" + r.state()).toList());

            // listed again: its queued request is found in flight, never sent again
            scenario.withTreasuryAccount();
            scenario.startService();
            List<Event> events = scenario.awaitEvents(inFlight, 1, WAIT);
            scenario.drain(WAIT);

            assertThat(scenario.callsFor(inFlight)).as("calls for " + inFlight).hasSize(1);
            assertThat(events).singleElement().satisfies(event -> assertThat(event.errorType()).isEqualTo("outcome_unknown"));
            assertThat(scenario.ledger()).as("the ledger's records").allSatisfy(
                    record -> assertThat(record.value()).as("value of " + record).isNotNull());
            // (the ledger no longer shows what was in flight at the crash: compaction removed
            // the superseded records, so the scenario's own bookkeeping cannot be used here)
            assertThat(paid).allSatisfy(id -> {
                assertThat(scenario.callsFor(id)).as("calls for " + id).hasSize(1);
                assertThat(scenario.eventsFor(id)).as("results of " + id).singleElement()
                        .satisfies(event -> assertThat(event.topic()).isEqualTo(scenario.succeededTopic()));
            });
        }
    }

    /** Waits until the cleaner removed the in_flight records these finished requests superseded. */
    private static void awaitCleaned(ProcessScenario scenario, List<String> finished) {
        Set<String> ids = Set.copyOf(finished);
        waitFor("the cleaner to remove the superseded in_flight records of " + finished).atMost(WAIT)
                .until(() -> scenario.ledger().stream()
                        .noneMatch(r -> ids.contains(r.requestId()) && "in_flight".equals(r.state())));
    }
}
