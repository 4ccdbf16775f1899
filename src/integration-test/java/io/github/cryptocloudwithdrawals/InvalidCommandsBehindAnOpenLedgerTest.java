package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Invalid commands are answered at once while the ledger's end is ahead of what its reader has
 * indexed: a transaction left open on the ledger partition (another client's, or a killed
 * instance's until Kafka aborts it) holds the reader back, and every record being written does
 * for a moment. An invalid command is then checked against the records past the reader too (it
 * may be a duplicate of a request being recorded right now, which must not be refused); those
 * records are read as they come, not once per command: that cost every invalid command one
 * fetch (about 100 ms), and a flood of typos right after a payment came through at 13 per second.
 * Asserted as an order, not a time: 2,000 invalid commands are all answered while a valid command
 * published before them still waits for its call (one call in ten minutes).
 */
class InvalidCommandsBehindAnOpenLedgerTest extends OneCallInTenMinutesTestSupport {

    private static final int INVALID = 2_000;
    /** Far less than the interval; one fetch per invalid command took over three minutes. */
    private static final Duration WAIT = Duration.ofSeconds(45);

    @Test
    void invalidCommandsAreAnsweredWhileAnotherClientsLedgerTransactionIsOpen() {
        String paid = requestId("paid");
        publish(paid, command(paid, "USDT_TRC20", TRON_ADDRESS, "21"));
        results().awaitRequests(WAIT, paid);
        String waiting = requestId("waiting");
        publish(waiting, command(waiting, "USDT_TRC20", TRON_ADDRESS, "22"));

        try (LedgerTopic.ForeignWriter foreign = ledger().foreignWriter()) {
            foreign.openTransaction();
            List<String> invalid = new ArrayList<>(INVALID);
            for (int i = 0; i < INVALID; i++) {
                String id = requestId("negative-" + i);
                invalid.add(id);
                publish(id, command(id, "USDT_TRC20", TRON_ADDRESS, "-" + (i + 1)));
            }
            Set<String> expected = Set.copyOf(invalid);
            waitFor("a failure event for each of the " + INVALID + " invalid commands").atMost(WAIT)
                    .until(() -> results().all().stream().filter(e -> expected.contains(e.key())).count() >= INVALID);

            assertThat(results().forRequest(waiting)).as("the valid command published before them, waiting for its call")
                    .isEmpty();
            Map<String, List<Event>> answers = results().all().stream().filter(e -> expected.contains(e.key()))
                    .collect(Collectors.groupingBy(Event::key));
            assertThat(answers).hasSize(INVALID).allSatisfy((id, events) -> {
                assertThat(events).as("the answers to " + id).hasSize(1);
                assertThat(events.get(0).topic()).isEqualTo(failedTopic());
                assertThat(events.get(0).errorType()).isEqualTo("validation");
            });
            assertThat(sandbox().requests()).as("API calls").hasSize(1);
        }
    }
}
