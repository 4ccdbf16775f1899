package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.KeyFiles;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Several CryptoCloud accounts: a command picks one with {@code account}; each account calls
 * with its own key, at its own rate, from its own queue, so one account's backlog never delays
 * another's, not even while the other is being taken over. The sandbox limits the rate per key,
 * as the API does.
 */
@Isolated("it asserts the gaps between calls at the sandbox: other test classes' services on the two cores could"
        + " hold a call up between the rate gate and the wire, shortening the next gap as the sandbox sees it")
class SeveralAccountsTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TREASURY_KEY = "cc-treasury-" + UUID.randomUUID();
    private static final String AFFILIATES_KEY = "cc-affiliates-" + UUID.randomUUID();
    /** An account only {@link #anAccountWaitingForItsTakeoverReadDoesNotHoldAnotherAccountsPayouts} uses. */
    private static final String JOINING_KEY = "cc-joining-" + UUID.randomUUID();
    /** Two intervals are what a second account's first command has to catch up with: its claim, a cold first call. */
    private static final long INTERVAL_MS = 1000;

    @Override
    protected long minIntervalMillis() {
        return INTERVAL_MS;
    }

    @Override
    protected SandboxSettings sandboxSettings() {
        return SandboxSettings.forApiKey(API_KEY).withApiKeys(API_KEY, TREASURY_KEY, AFFILIATES_KEY, JOINING_KEY)
                .withMinIntervalMs(INTERVAL_MS);
    }

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("cryptocloud.accounts", "treasury, affiliates, joining");
        settings.put("cryptocloud.account.treasury.api-key", TREASURY_KEY);
        settings.put("cryptocloud.account.joining.api-key", JOINING_KEY);
        // a mounted secret, as a key file
        settings.put("cryptocloud.account.affiliates.api-key-file", KeyFiles.holding(AFFILIATES_KEY).toString());
    }

    private static String command(String requestId, String account, String amount) {
        return "{\"request_id\":\"" + requestId + "\",\"account\":\"" + account + "\",\"currency_code\":\"USDT_TRC20\","
                + "\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":\"" + amount + "\"}";
    }

    private List<RecordedRequest> callsWithAmount(String amount) {
        return sandbox().requests().stream().filter(r -> r.body().endsWith("\"amount\":" + amount + "}")).toList();
    }

    @Test
    void twoAccountsBacklogsDrainSideBySideEachAtItsOwnRate() {
        int perAccount = 6;
        List<String> ids = new ArrayList<>();
        // the whole treasury backlog is queued before the first affiliates command
        for (String account : List.of("treasury", "affiliates")) {
            for (int i = 1; i <= perAccount; i++) {
                String id = requestId(account + "-" + i);
                ids.add(id);
                publish(id, command(id, account, (account.equals("treasury") ? "1" : "2") + ".0" + i));
            }
        }

        Map<String, Event> results = results().awaitRequests(WAIT, ids.toArray(String[]::new));

        assertThat(results.values()).allSatisfy(event -> assertThat(event.topic()).isEqualTo(succeededTopic()));
        assertThat(results.get(ids.get(0)).body().get("account").textValue()).isEqualTo("treasury");
        assertThat(results.get(ids.get(perAccount)).body().get("account").textValue()).isEqualTo("affiliates");
        List<RecordedRequest> treasury = sandbox().requests(TREASURY_KEY);
        List<RecordedRequest> affiliates = sandbox().requests(AFFILIATES_KEY);
        assertThat(treasury).hasSize(perAccount).allSatisfy(call -> assertThat(call.body()).contains("\"amount\":1.0"));
        assertThat(affiliates).hasSize(perAccount).allSatisfy(call -> assertThat(call.body()).contains("\"amount\":2.0"));
        assertThat(sandbox().requests(API_KEY)).isEmpty();
        // each key keeps the interval; neither waits for the other
        assertThat(sandbox().gapsMillis(TREASURY_KEY)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL_MS));
        assertThat(sandbox().gapsMillis(AFFILIATES_KEY)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL_MS));
        long treasuryCallsBeforeAffiliatesStarted = treasury.stream()
                .filter(call -> call.arrivalNanos() < affiliates.get(0).arrivalNanos()).count();
        assertThat(treasuryCallsBeforeAffiliatesStarted).as("treasury calls before the first affiliates call")
                .isLessThanOrEqualTo(2);
    }

    @Test
    void aCommandWithoutAccountIsPaidWithTheDefaultKey() {
        String id = requestId("default");
        publish(id, Samples.command(id, "USDT_TRC20", TRON_ADDRESS, "3.01"));

        Event result = results().awaitRequests(WAIT, id).get(id);

        assertThat(result.topic()).isEqualTo(succeededTopic());
        assertThat(result.body().has("account")).isFalse();
        assertThat(callsWithAmount("3.01")).singleElement()
                .satisfies(call -> assertThat(call.header("Authorization")).isEqualTo("Token " + API_KEY));
    }

    @Test
    void anUnknownAccountFailsValidationWithoutACall() {
        String unknown = requestId("unknown");
        String notText = requestId("number");
        publish(unknown, command(unknown, "savings", "4.01"));
        publish(notText, command(notText, "treasury", "4.02").replace("\"treasury\"", "42"));

        Map<String, Event> results = results().awaitRequests(WAIT, unknown, notText);

        for (Event failure : results.values()) {
            assertThat(failure.topic()).isEqualTo(failedTopic());
            assertThat(failure.errorType()).isEqualTo("validation");
            assertThat(failure.body().get("error").get("field").textValue()).isEqualTo("account");
            assertThat(failure.body().get("error").get("message").textValue())
                    .contains("affiliates, joining, treasury").doesNotContain(TREASURY_KEY);
        }
        assertThat(callsWithAmount("4.01")).isEmpty();
        assertThat(callsWithAmount("4.02")).isEmpty();
    }

    @Test
    void requestIdsAreScopedByAccount() {
        String id = requestId("shared");
        publish(id, command(id, "treasury", "5.01"));
        publish(id, command(id, "affiliates", "5.02"));
        publish(id, command(id, "treasury", "5.01"));

        List<Event> events = results().await(seen -> seen.stream().filter(e -> id.equals(e.key())).count() >= 3, WAIT)
                .stream().filter(e -> id.equals(e.key())).toList();

        assertThat(events).allSatisfy(event -> assertThat(event.topic()).isEqualTo(succeededTopic()));
        assertThat(events.stream().filter(e -> "true".equals(e.headers().get("replayed"))))
                .singleElement().satisfies(replay -> assertThat(replay.body().get("account").textValue()).isEqualTo("treasury"));
        assertThat(callsWithAmount("5.01")).singleElement()
                .satisfies(call -> assertThat(call.header("Authorization")).isEqualTo("Token " + TREASURY_KEY));
        assertThat(callsWithAmount("5.02")).singleElement()
                .satisfies(call -> assertThat(call.header("Authorization")).isEqualTo("Token " + AFFILIATES_KEY));
    }

    /**
     * Taking an account's queue over, an instance first reads everything the account's previous
     * writer recorded, up to the end of the ledger; a transaction another client leaves open on
     * the ledger holds that read up. Only the account taken over waits for it.
     */
    @Test
    void anAccountWaitingForItsTakeoverReadDoesNotHoldAnotherAccountsPayouts() throws Exception {
        int backlog = 6;
        // treasury has claimed its ledger writer before the transaction opens
        String first = requestId("steady-first");
        publish(first, command(first, "treasury", "7.00"));
        results().awaitRequests(WAIT, first);

        List<String> steady = new ArrayList<>();
        String joining = requestId("joining");
        long closedNanos;
        try (LedgerTopic.ForeignWriter foreign = ledger().foreignWriter()) {
            foreign.openTransaction();
            // the joining account's first command: its claim reads the ledger past the open transaction
            publish(joining, command(joining, "joining", "8.00"));
            awaitWriterClaimed("cryptocloud-withdrawals:" + ledgerTopic() + ":joining");

            for (int i = 1; i <= backlog; i++) {
                String id = requestId("steady-" + i);
                steady.add(id);
                publish(id, command(id, "treasury", "7.0" + i));
            }
            // well below the 60 s a takeover waits for its read before it tries again
            Duration takeoverHeld = Duration.ofSeconds(30);
            waitFor("treasury commands answered within " + takeoverHeld + " while the joining account's takeover "
                    + "waited for a transaction left open on the ledger").atMost(takeoverHeld)
                    .until(() -> answered(steady) == backlog);
            assertThat(results().forRequest(joining)).as("the joining account's command, while the transaction is open")
                    .isEmpty();
            closedNanos = System.nanoTime();
        }

        Event paid = results().awaitRequests(WAIT, joining).get(joining);
        assertThat(paid.topic()).isEqualTo(succeededTopic());
        assertThat(sandbox().requests(TREASURY_KEY)).filteredOn(call -> call.body().contains("\"amount\":7"))
                .hasSizeGreaterThanOrEqualTo(backlog + 1)
                .allSatisfy(call -> assertThat(call.arrivalNanos()).as("a treasury call, before the transaction ended")
                        .isLessThan(closedNanos));
        assertThat(sandbox().requests(JOINING_KEY)).singleElement()
                .satisfies(call -> assertThat(call.arrivalNanos()).as("the joining account's call, after the transaction "
                        + "it waited for ended").isGreaterThan(closedNanos));
    }

    private long answered(List<String> requestIds) {
        return requestIds.stream().filter(id -> !results().forRequest(id).isEmpty()).count();
    }

    /** The account's ledger writer is registered with the transaction coordinator: its takeover read comes next. */
    private void awaitWriterClaimed(String transactionalId) throws Exception {
        try (Admin admin = Admin.create(Map.copyOf(kafkaClient()))) {
            waitFor("the ledger writer " + transactionalId + " claimed").atMost(WAIT)
                    .until(() -> admin.listTransactions().all().get(10, TimeUnit.SECONDS).stream()
                            .map(TransactionListing::transactionalId).anyMatch(transactionalId::equals));
        }
    }
}
