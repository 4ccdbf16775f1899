package io.github.cryptocloudwithdrawals;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.KeyFiles;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Several CryptoCloud accounts: a command picks one with {@code account}; each account calls
 * with its own key, at its own rate, from its own queue, so one account's backlog never delays
 * another's. The sandbox limits the rate per key, as the API does.
 */
class SeveralAccountsTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    private static final String TREASURY_KEY = "cc-treasury-" + UUID.randomUUID();
    private static final String AFFILIATES_KEY = "cc-affiliates-" + UUID.randomUUID();
    private static final long INTERVAL_MS = 400;

    @Override
    protected long minIntervalMillis() {
        return INTERVAL_MS;
    }

    @Override
    protected SandboxSettings sandboxSettings() {
        return SandboxSettings.forApiKey(API_KEY).withApiKeys(API_KEY, TREASURY_KEY, AFFILIATES_KEY)
                .withMinIntervalMs(INTERVAL_MS);
    }

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("cryptocloud.accounts", "treasury, affiliates");
        settings.put("cryptocloud.account.treasury.api-key", TREASURY_KEY);
        // a mounted secret, as a key file
        settings.put("cryptocloud.account.affiliates.api-key-file", KeyFiles.holding(AFFILIATES_KEY).toString());
    }

    private static String command(String requestId, String account, String amount) {
        return "{\"request_id\":\"" + requestId + "\",\"account\":\"" + account + "\",\"currency_code\":\"USDT_TRC20\","
                + "\"to_address\":\"" + TRON + "\",\"amount\":\"" + amount + "\"}";
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
        publish(id, PipelineTestSupport.command(id, "USDT_TRC20", TRON, "3.01"));

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
                    .contains("affiliates, treasury").doesNotContain(TREASURY_KEY);
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
}
