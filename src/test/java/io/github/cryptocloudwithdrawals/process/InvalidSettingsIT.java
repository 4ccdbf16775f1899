package io.github.cryptocloudwithdrawals.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC §2: a missing or invalid setting stops start-up with one clear line naming it (exit code
 * 2, no stack trace), and the API key is never printed. No broker is needed: the settings are
 * checked before the service connects to anything.
 */
class InvalidSettingsIT {

    private static final String KEY = "cc-never-printed-4f1d";

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "CRYPTOCLOUD_API_KEY|         | CRYPTOCLOUD_API_KEY is not set (nor CRYPTOCLOUD_API_KEY_FILE)",
            "CRYPTOCLOUD_MIN_INTERVAL_MS| twelve | CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 0 to",
            "CRYPTOCLOUD_ACCOUNTS| Treasury | CRYPTOCLOUD_ACCOUNTS lists 'Treasury': account names are 1 to 32 lower-case",
            "CRYPTOCLOUD_ACCOUNTS| treasury | CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY is not set (nor CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY_FILE)",
            "KAFKA_SUBMIT_SESSION_TIMEOUT_MS| 1000 | KAFKA_SUBMIT_SESSION_TIMEOUT_MS must be a whole number from 6000 to 1800000",
            "WITHDRAWAL_MAX_AMOUNTS| BTC:lots | WITHDRAWAL_MAX_AMOUNTS",
            "WITHDRAWAL_COMMANDS_TOPIC| cryptocloud.withdrawal | WITHDRAWAL_COMMANDS_TOPIC is 'cryptocloud.withdrawal': its internal topics would be those of the deployment on",
            "WITHDRAWAL_COMMANDS_TOPIC| payouts.submissions | WITHDRAWAL_COMMANDS_TOPIC is 'payouts.submissions': names ending in '.submissions' or '.ledger'",
            "WITHDRAWAL_FAILED_TOPIC| payouts.ledger | WITHDRAWAL_FAILED_TOPIC is 'payouts.ledger': names ending in",
            "WITHDRAWAL_INTERNAL_TOPICS_MIN_INSYNC_REPLICAS| 0 | WITHDRAWAL_INTERNAL_TOPICS_MIN_INSYNC_REPLICAS must be a whole number from 1 to"})
    void aBadSettingStopsStartUpWithOneLineNamingIt(String variable, String value, String expected) {
        assertStartUpStops(Map.of(variable, value == null ? "" : value), expected);
    }

    /**
     * Two accounts with one key would be two rate gates and two ledger scopes for one CryptoCloud
     * account: calls too close together, and one request id paid twice from one wallet.
     */
    @Test
    void twoAccountsWithTheSameKeyStopStartUpWithOneLineNamingBothSettings() {
        assertStartUpStops(Map.of("CRYPTOCLOUD_ACCOUNTS", "treasury", "CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY", KEY),
                "CRYPTOCLOUD_API_KEY and CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY hold the same API key");
    }

    private static void assertStartUpStops(Map<String, String> settings, String expected) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        environment.put("CRYPTOCLOUD_API_KEY", KEY);
        environment.put("MANAGEMENT_PORT", "0");
        environment.putAll(settings);
        try (ServiceProcess service = ServiceProcess.start("invalid-setting-" + String.join("-", settings.keySet()),
                environment)) {
            assertThat(service.waitForExit(Duration.ofSeconds(60))).as("exited").isTrue();

            assertThat(service.exitValue()).isEqualTo(2);
            assertThat(service.log().lines().filter(line -> line.startsWith("cryptocloud-withdrawals cannot start: ")))
                    .singleElement().satisfies(line -> assertThat(line).contains(expected));
            assertThat(service.log()).doesNotContain(KEY).doesNotContain("\tat ");
        }
    }
}
