package io.github.cryptocloudwithdrawals.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC §2: a missing or invalid setting stops start-up with one clear line naming it (exit code
 * 2, no stack trace), and the API key is never printed. No broker is needed: the settings are
 * checked before the service connects to anything. One JVM per case (the refusal is what the
 * packaged jar does), side by side like every process test (see the failsafe configuration).
 */
@Timeout(300)
class InvalidSettingsIT {

    private static final String KEY = "cc-never-printed-4f1d";
    private static final String REFUSAL = "cryptocloud-withdrawals cannot start: ";

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "CRYPTOCLOUD_API_KEY|         | CRYPTOCLOUD_API_KEY is not set (nor CRYPTOCLOUD_API_KEY_FILE)",
            "CRYPTOCLOUD_MIN_INTERVAL_MS| twelve | CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 1 to 86400000 (one day), but is 'twelve'",
            "CRYPTOCLOUD_MIN_INTERVAL_MS| 0 | CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 1 to 86400000 (one day), but is '0'",
            "CRYPTOCLOUD_ACCOUNTS| Treasury | CRYPTOCLOUD_ACCOUNTS lists 'Treasury': account names are 1 to 32 lower-case",
            "CRYPTOCLOUD_ACCOUNTS| treasury | CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY is not set (nor CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY_FILE)",
            "KAFKA_SUBMIT_SESSION_TIMEOUT_MS| 1000 | KAFKA_SUBMIT_SESSION_TIMEOUT_MS must be a whole number from 6000 to 1800000 (30 minutes)",
            "KAFKA_SUBMIT_MAX_POLL_INTERVAL_MS| soon | KAFKA_SUBMIT_MAX_POLL_INTERVAL_MS must be a whole number from 1000 to 86400000 (one day), but is 'soon'",
            "CRYPTOCLOUD_FAULT_BACKOFF_MAX_MS| 500 | CRYPTOCLOUD_FAULT_BACKOFF_MAX_MS (500) must not be less than CRYPTOCLOUD_FAULT_BACKOFF_INITIAL_MS (1000)",
            "WITHDRAWAL_MAX_AMOUNTS| BTC:lots | WITHDRAWAL_MAX_AMOUNTS",
            "MANAGEMENT_PORT| abc | MANAGEMENT_PORT must be a whole number from 1 to 65535, but is 'abc'",
            "MANAGEMENT_PORT| 70000 | MANAGEMENT_PORT must be a whole number from 1 to 65535, but is '70000'",
            "MANAGEMENT_BIND_ADDRESS| 300.1.2.3 | MANAGEMENT_BIND_ADDRESS must be an IP address of this machine (0.0.0.0: all of them) or its host name, but is '300.1.2.3'",
            "CRYPTOCLOUD_BASE_URL| not-a-url | CRYPTOCLOUD_BASE_URL must be an http or https URL such as https://api.cryptocloud.plus, but is 'not-a-url'",
            "CRYPTOCLOUD_BASE_URL| https://api.cryptocloud.plus/?debug=1 | CRYPTOCLOUD_BASE_URL must have no query and no fragment (the service appends the payout path), but is 'https://api.cryptocloud.plus/?debug=1'",
            "CRYPTOCLOUD_BASE_URL| https://ops:s3cret@api.cryptocloud.plus | CRYPTOCLOUD_BASE_URL must not hold a user name or password: the API key (CRYPTOCLOUD_API_KEY) is the only credential",
            "LOG_FORMAT| xml | LOG_FORMAT must be plain or json, but is 'xml'",
            "LOG_FORMAT| JSON | LOG_FORMAT must be plain or json, but is 'JSON'",
            "KAFKA_BOOTSTRAP_SERVERS| kafka | KAFKA_BOOTSTRAP_SERVERS must list brokers as host:port, comma-separated, but is 'kafka'",
            "WITHDRAWAL_COMMANDS_TOPIC| my commands | WITHDRAWAL_COMMANDS_TOPIC is not a Kafka topic name: 'my commands'",
            "WITHDRAWAL_EVENT_SOURCE| urn:two words | WITHDRAWAL_EVENT_SOURCE must be a URI (the events' ce_source), but is 'urn:two words'",
            "WITHDRAWAL_COMMANDS_TOPIC| cryptocloud.withdrawal | WITHDRAWAL_COMMANDS_TOPIC is 'cryptocloud.withdrawal': its internal topics would be those of the deployment on",
            "WITHDRAWAL_COMMANDS_TOPIC| payouts.submissions | WITHDRAWAL_COMMANDS_TOPIC is 'payouts.submissions': names ending in '.submissions', '.ledger' or '.resolutions'",
            "WITHDRAWAL_RESOLUTIONS_TOPIC| two words | WITHDRAWAL_RESOLUTIONS_TOPIC is not a Kafka topic name: 'two words'",
            "WITHDRAWAL_RESOLUTIONS_TOPIC| payouts.ledger | WITHDRAWAL_RESOLUTIONS_TOPIC is 'payouts.ledger': names ending in",
            "WITHDRAWAL_FAILED_TOPIC| payouts.ledger | WITHDRAWAL_FAILED_TOPIC is 'payouts.ledger': names ending in",
            "WITHDRAWAL_INTERNAL_TOPICS_MIN_INSYNC_REPLICAS| 0 | WITHDRAWAL_INTERNAL_TOPICS_MIN_INSYNC_REPLICAS must be a whole number from 1 to"})
    void aBadSettingStopsStartUpWithOneLineNamingIt(String variable, String value, String expected) {
        Map<String, String> environment = settings();
        environment.put(variable, value == null ? "" : value);
        String name = ("invalid-setting-" + variable + "-" + value).replaceAll("[^A-Za-z0-9_.-]", "_");
        try (ServiceProcess service = ProcessScenario.LAUNCHER.start(name, environment)) {
            assertThat(refusals(service)).singleElement().satisfies(line -> assertThat(line).contains(expected));
            assertThat(service.log()).doesNotContain("s3cret");
        }
    }

    /**
     * SPEC §2: a name in one of the service's own families that is no setting stops start-up,
     * naming the closest setting: a misspelt base URL must never leave the real API in force.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CRYPTOCLOUD_BASEURL| CRYPTOCLOUD_BASE_URL",
            "WITHDRAWAL_COMMAND_TOPIC| WITHDRAWAL_COMMANDS_TOPIC",
            "MANAGEMENT_PROT| MANAGEMENT_PORT",
            "SANDBOX_APIKEY| SANDBOX_API_KEY"})
    void aNameInTheServicesFamiliesThatIsNoSettingStopsStartUpNamingTheClosest(String variable, String closest) {
        Map<String, String> environment = settings();
        environment.put(variable, "http://127.0.0.1:8089");
        try (ServiceProcess service = ProcessScenario.LAUNCHER.start("unknown-setting-" + variable, environment)) {
            assertThat(refusals(service)).singleElement().satisfies(line -> assertThat(line)
                    .contains(variable + " is not a setting").contains(closest));
        }
    }

    /**
     * Every bad setting at once, one line each, and nothing printed before them: an operator fixes
     * them all in one go. Kubernetes' service-link variables are not settings and are not named.
     */
    @Test
    void everyBadSettingIsNamedAtOnceAndNothingComesBeforeThem() {
        Map<String, String> environment = settings();
        environment.put("MANAGEMENT_PORT", "abc");
        environment.put("CRYPTOCLOUD_MIN_INTERVAL_MS", "0");
        environment.put("CRYPTOCLOUD_BASEURL", "http://127.0.0.1:8089");
        environment.put("WITHDRAWAL_COMMANDS_TOPIC", "my commands");
        environment.put("CRYPTOCLOUD_WITHDRAWALS_SERVICE_HOST", "10.0.0.7");
        environment.put("CRYPTOCLOUD_WITHDRAWALS_SERVICE_PORT", "8080");
        environment.put("CRYPTOCLOUD_WITHDRAWALS_PORT", "tcp://10.0.0.7:8080");
        environment.put("CRYPTOCLOUD_WITHDRAWALS_PORT_8080_TCP_ADDR", "10.0.0.7");
        try (ServiceProcess service = ProcessScenario.LAUNCHER.start("invalid-settings-all-at-once", environment)) {
            List<String> refusals = refusals(service);
            assertThat(refusals).hasSize(4);
            assertThat(refusals).anySatisfy(line -> assertThat(line).contains("MANAGEMENT_PORT must be a whole number"));
            assertThat(refusals).anySatisfy(line -> assertThat(line).contains("CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number"));
            assertThat(refusals).anySatisfy(line -> assertThat(line).contains("CRYPTOCLOUD_BASEURL is not a setting"));
            assertThat(refusals).anySatisfy(line -> assertThat(line).contains("WITHDRAWAL_COMMANDS_TOPIC is not a Kafka topic name"));
            assertThat(service.log().lines().toList()).as("the refusals, and nothing before them").startsWith(
                    refusals.toArray(String[]::new));
        }
    }

    /**
     * A {@code KAFKA_} name that is no setting may belong to another program in the same
     * container: it does not stop the service, but it is named once, with where Kafka client
     * settings go.
     */
    @Test
    void anUnknownKafkaNameIsWarnedAboutOnce() {
        Map<String, String> environment = settings();
        environment.put("KAFKA_SASL_MECHANISM", "PLAIN");
        environment.put("KAFKA_PORT", "tcp://10.0.0.9:9092");
        try (ServiceProcess service = ProcessScenario.LAUNCHER.start("unknown-kafka-setting", environment)) {
            service.awaitLog("Kafka cannot be reached", Duration.ofSeconds(60));
            assertThat(service.countLog("KAFKA_SASL_MECHANISM")).isEqualTo(1);
            assertThat(service.log()).contains("KAFKA_SASL_MECHANISM is not a setting").contains("CAMEL_COMPONENT_KAFKA_")
                    .doesNotContain("KAFKA_PORT");
        }
    }

    /**
     * Two accounts with one key would be two rate gates and two ledger scopes for one CryptoCloud
     * account: calls too close together, and one request id paid twice from one wallet.
     */
    @Test
    void twoAccountsWithTheSameKeyStopStartUpWithOneLineNamingBothSettings() {
        Map<String, String> environment = settings();
        environment.put("CRYPTOCLOUD_ACCOUNTS", "treasury");
        environment.put("CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY", KEY);
        try (ServiceProcess service = ProcessScenario.LAUNCHER.start("invalid-setting-same-key", environment)) {
            assertThat(refusals(service)).singleElement().satisfies(line -> assertThat(line)
                    .contains("CRYPTOCLOUD_API_KEY and CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY hold the same API key"));
        }
    }

    @Test
    void aManagementPortInUseStopsStartUpWithOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> environment = settings();
            environment.put("MANAGEMENT_PORT", String.valueOf(taken.getLocalPort()));
            try (ServiceProcess service = ProcessScenario.LAUNCHER.start("invalid-setting-port-in-use", environment)) {
                assertThat(refusals(service)).singleElement().satisfies(line -> assertThat(line).contains(
                        "MANAGEMENT_PORT " + taken.getLocalPort() + " on 127.0.0.1 (MANAGEMENT_BIND_ADDRESS) is in use"));
            }
        }
    }

    @Test
    void withJsonLogsTheRefusalIsOneJsonObjectToo() throws IOException {
        Map<String, String> environment = settings();
        environment.put("LOG_FORMAT", "json");
        environment.put("MANAGEMENT_PORT", "abc");
        try (ServiceProcess service = ProcessScenario.LAUNCHER.start("invalid-setting-json-log", environment)) {
            assertThat(service.waitForExit(Duration.ofSeconds(60))).as("exited").isTrue();
            assertThat(service.exitValue()).isEqualTo(2);
            List<String> lines = service.log().lines().toList();
            assertThat(lines).as("every line is one JSON object").allSatisfy(line -> assertThat(line).startsWith("{"));
            List<JsonNode> refusals = lines.stream().map(InvalidSettingsIT::json)
                    .filter(event -> event.path("message").asText().startsWith(REFUSAL)).toList();
            assertThat(refusals).singleElement().satisfies(event -> {
                assertThat(event.path("message").asText())
                        .isEqualTo(REFUSAL + "MANAGEMENT_PORT must be a whole number from 1 to 65535, but is 'abc'");
                assertThat(event.path("log.level").asText()).isEqualTo("ERROR");
            });
            assertThat(service.log()).doesNotContain(KEY).doesNotContain("\\tat ");
        }
    }

    /** What every case starts from: valid settings but for the one the case breaks. */
    private static Map<String, String> settings() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        environment.put("CRYPTOCLOUD_API_KEY", KEY);
        environment.put("MANAGEMENT_PORT", String.valueOf(LoopbackPorts.freePort()));
        return environment;
    }

    /**
     * Waits for the process to exit with code 2 and returns its refusal lines. A refusal is quiet
     * and honest: no stack trace, no key, and no mention of a signal nobody sent.
     */
    private static List<String> refusals(ServiceProcess service) {
        assertThat(service.waitForExit(Duration.ofSeconds(60))).as("exited").isTrue();
        assertThat(service.exitValue()).as(service.tail()).isEqualTo(2);
        assertThat(service.log()).doesNotContain(KEY).doesNotContain("\tat ").doesNotContain("SIGTERM");
        return service.log().lines().filter(line -> line.startsWith(REFUSAL)).toList();
    }

    private static JsonNode json(String line) {
        try {
            return JsonMapping.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
