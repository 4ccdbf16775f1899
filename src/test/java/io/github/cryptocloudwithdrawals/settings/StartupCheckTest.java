package io.github.cryptocloudwithdrawals.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.BundledSettings;
import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A start's every problem, named at once: names, log format, values, keys and the management port. */
class StartupCheckTest {

    private static final Properties BUNDLED = BundledSettings.load();

    @Test
    void validSettingsAreNoProblem() {
        StartupCheck check = StartupCheck.of(valid(), new Properties(), BUNDLED);

        assertThat(check.refusals()).isEmpty();
        assertThat(check.warnings()).isEmpty();
    }

    @Test
    void everyBadSettingIsNamedOnceInTheOrderRead() {
        Map<String, String> environment = valid();
        environment.put("LOG_FORMAT", "xml");
        environment.put("CRYPTOCLOUD_BASEURL", "http://127.0.0.1:8089");
        environment.put("CRYPTOCLOUD_FAULT_BACKOFF_INITIAL_MS", "5000");
        environment.put("CRYPTOCLOUD_FAULT_BACKOFF_MAX_MS", "1000");
        environment.put("CRYPTOCLOUD_ACCOUNTS", "Treasury,eu,eu");
        environment.put("WITHDRAWAL_COMMANDS_TOPIC", "my commands");
        environment.put("CRYPTOCLOUD_MIN_INTERVAL_MS", "0");
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "kafka");
        environment.put("MANAGEMENT_PORT", "abc");

        StartupCheck check = StartupCheck.of(environment, new Properties(), BUNDLED);

        assertThat(check.refusals()).containsExactly(
                "LOG_FORMAT must be plain or json, but is 'xml'",
                "CRYPTOCLOUD_BASEURL is not a setting; the closest is CRYPTOCLOUD_BASE_URL (a misspelt name would leave "
                        + "that setting's default in force)",
                "CRYPTOCLOUD_FAULT_BACKOFF_MAX_MS (1000) must not be less than CRYPTOCLOUD_FAULT_BACKOFF_INITIAL_MS (5000)",
                "CRYPTOCLOUD_ACCOUNTS lists 'Treasury': account names are 1 to 32 lower-case letters, digits and inner "
                        + "dashes, and not 'default'",
                "CRYPTOCLOUD_ACCOUNTS lists 'eu' twice",
                "WITHDRAWAL_COMMANDS_TOPIC is not a Kafka topic name: 'my commands' (Kafka allows 1 to 249 ASCII letters, "
                        + "digits, '.', '_' and '-', but not '.' or '..')",
                "CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 1 to 86400000 (one day), but is '0'",
                "KAFKA_BOOTSTRAP_SERVERS must list brokers as host:port, comma-separated, but is 'kafka'",
                "MANAGEMENT_PORT must be a whole number from 1 to 65535, but is 'abc'");
    }

    @Test
    void missingKeysOfSeveralAccountsAreNamedTogether() {
        Map<String, String> environment = valid();
        environment.remove("CRYPTOCLOUD_API_KEY");
        environment.put("CRYPTOCLOUD_ACCOUNTS", "treasury,eu");
        environment.put("CRYPTOCLOUD_ACCOUNT_EU_API_KEY_FILE", Path.of("no-such-key-file").toAbsolutePath().toString());

        assertThat(StartupCheck.of(environment, new Properties(), BUNDLED).refusals()).containsExactly(
                "CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY is not set (nor CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY_FILE): the payout "
                        + "API key is required",
                "CRYPTOCLOUD_ACCOUNT_EU_API_KEY_FILE cannot be read: " + Path.of("no-such-key-file").toAbsolutePath());
    }

    @Test
    void aManagementPortInUseIsNamed() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> environment = valid();
            environment.put("MANAGEMENT_PORT", String.valueOf(taken.getLocalPort()));

            assertThat(StartupCheck.of(environment, new Properties(), BUNDLED).refusals()).singleElement()
                    .satisfies(refusal -> assertThat(refusal).startsWith("MANAGEMENT_PORT " + taken.getLocalPort()
                            + " on 127.0.0.1 (MANAGEMENT_BIND_ADDRESS) is in use"));
        }
    }

    @Test
    void theEnvironmentComesBeforeASystemPropertyWhichComesBeforeApplicationProperties() {
        Properties system = new Properties();
        system.setProperty("cryptocloud.min-interval-ms", "0");
        system.setProperty("cryptocloud.timeout-ms", "0");
        Map<String, String> environment = valid();
        environment.put("CRYPTOCLOUD_MIN_INTERVAL_MS", "12000");

        assertThat(StartupCheck.of(environment, system, BUNDLED).refusals()).singleElement()
                .satisfies(refusal -> assertThat(refusal).startsWith("CRYPTOCLOUD_TIMEOUT_MS must be a whole number"));
    }

    @Test
    void anUnknownKafkaNameIsAWarningNotARefusal() {
        Map<String, String> environment = valid();
        environment.put("KAFKA_SASL_MECHANISM", "PLAIN");

        StartupCheck check = StartupCheck.of(environment, new Properties(), BUNDLED);

        assertThat(check.refusals()).isEmpty();
        assertThat(check.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .startsWith("KAFKA_SASL_MECHANISM is not a setting and is ignored"));
    }

    private static Map<String, String> valid() {
        Map<String, String> environment = new HashMap<>();
        environment.put("CRYPTOCLOUD_API_KEY", "a-key");
        environment.put("MANAGEMENT_BIND_ADDRESS", "127.0.0.1");
        environment.put("MANAGEMENT_PORT", String.valueOf(LoopbackPorts.freePort()));
        environment.put("PATH", "/usr/bin");
        return environment;
    }
}
