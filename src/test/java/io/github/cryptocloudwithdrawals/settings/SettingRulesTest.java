package io.github.cryptocloudwithdrawals.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules each kind of setting follows: what is accepted, as what, and what is refused with which words. */
class SettingRulesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://api.cryptocloud.plus         | https://api.cryptocloud.plus/v2/invoice/api/out/create",
            "https://api.cryptocloud.plus/        | https://api.cryptocloud.plus/v2/invoice/api/out/create",
            "HTTPS://api.cryptocloud.plus         | https://api.cryptocloud.plus/v2/invoice/api/out/create",
            "http://127.0.0.1:8089                | http://127.0.0.1:8089/v2/invoice/api/out/create",
            "https://proxy.example/cryptocloud/   | https://proxy.example/cryptocloud/v2/invoice/api/out/create",
            "http://[::1]:8089                    | http://[::1]:8089/v2/invoice/api/out/create"})
    void aBaseUrlBecomesThePayoutUrl(String baseUrl, String payoutUrl) {
        assertThat(SettingRules.payoutUrl("CRYPTOCLOUD_BASE_URL", baseUrl)).isEqualTo(payoutUrl);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not-a-url                               | must be an http or https URL such as https://api.cryptocloud.plus, but is 'not-a-url'",
            "ftp://api.cryptocloud.plus              | must be an http or https URL",
            "https://                                | must be an http or https URL",
            "api.cryptocloud.plus                    | must be an http or https URL",
            "https://api.cryptocloud.plus:99999      | must be an http or https URL",
            "https://api.cryptocloud.plus/?debug=1   | must have no query and no fragment",
            "https://api.cryptocloud.plus#top        | must have no query and no fragment",
            "https://ops:s3cret@api.cryptocloud.plus | must not hold a user name or password",
            "https://ops:s3 cret@api.cryptocloud.plus | must not hold a user name or password"})
    void aBaseUrlThatCannotTakeThePayoutPathIsRefused(String baseUrl, String reason) {
        assertThatThrownBy(() -> SettingRules.payoutUrl("CRYPTOCLOUD_BASE_URL", baseUrl))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("CRYPTOCLOUD_BASE_URL ").hasMessageContaining(reason)
                .hasMessageNotContaining("s3cret").hasMessageNotContaining("s3 cret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "localhost:9092                  | localhost:9092",
            "' kafka-1:9092, kafka-2:9092 '  | kafka-1:9092,kafka-2:9092",
            "[::1]:9092                      | [::1]:9092",
            "SASL_SSL://broker.example:9093  | SASL_SSL://broker.example:9093"})
    void bootstrapServersAreHostPortPairs(String value, String accepted) {
        assertThat(SettingRules.bootstrapServers("KAFKA_BOOTSTRAP_SERVERS", value)).isEqualTo(accepted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"kafka", "kafka:", "kafka:port", "kafka:70000", "kafka:9092,broker", "','"})
    void bootstrapServersWithoutAPortAreRefused(String value) {
        assertThatThrownBy(() -> SettingRules.bootstrapServers("KAFKA_BOOTSTRAP_SERVERS", value))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("KAFKA_BOOTSTRAP_SERVERS must list brokers as host:port, comma-separated, but is '" + value + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"0.0.0.0", "127.0.0.1", "::", "::1", "localhost"})
    void aBindAddressIsAnIpAddressOrAHostName(String address) {
        assertThat(SettingRules.bindAddress("MANAGEMENT_BIND_ADDRESS", address)).isEqualTo(address);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"300.1.2.3", "1.2.3", "1.2.3.4.5", "every interface", "-bad-"})
    void aMalformedBindAddressIsRefused(String address) {
        assertThatThrownBy(() -> SettingRules.bindAddress("MANAGEMENT_BIND_ADDRESS", address))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("MANAGEMENT_BIND_ADDRESS must be an IP address of this machine (0.0.0.0: all of them) or its "
                        + "host name, but is '" + address + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"cryptocloud.withdrawal.commands", "a", "A_b-c.9"})
    void kafkaTopicNamesAreAccepted(String name) {
        assertThat(SettingRules.topic("WITHDRAWAL_COMMANDS_TOPIC", name)).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"my commands", ".", "..", "commands/eu", "commandes-€"})
    void namesKafkaRefusesAreRefused(String name) {
        assertThatThrownBy(() -> SettingRules.topic("WITHDRAWAL_COMMANDS_TOPIC", name))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("WITHDRAWAL_COMMANDS_TOPIC is not a Kafka topic name: '" + name + "'");
    }

    @ParameterizedTest(name = "{0}..{1} ms: {2}")
    @CsvSource(delimiter = '|', value = {
            "1     | 86400000 | x     | CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 1 to 86400000 (one day), but is 'x'",
            "1     | 600000   | 0     | CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 1 to 600000 (10 minutes), but is '0'",
            "6000  | 1800000  | 1000  | CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 6000 to 1800000 (30 minutes), but is '1000'",
            "0     | 60000    | -1    | CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 0 to 60000 (one minute), but is '-1'",
            "1     | 3600000  | 1e3   | CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 1 to 3600000 (one hour), but is '1e3'",
            "1     | 1500     | 1501  | CRYPTOCLOUD_MIN_INTERVAL_MS must be a whole number from 1 to 1500 (1500 milliseconds), but is '1501'"})
    void aDurationOutOfRangeIsRefusedWithItsRangeInWords(long min, long max, String value, String message) {
        assertThatThrownBy(() -> SettingRules.wholeNumber("CRYPTOCLOUD_MIN_INTERVAL_MS", value, min, max, true))
                .isInstanceOf(InvalidSettingException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "LOG_FORMAT={0}, log.format={1}")
    @CsvSource(delimiter = '|', value = {
            "      |       | PLAIN",
            "      | json  | JSON",
            "json  | plain | JSON",
            "plain | json  | PLAIN",
            "' json ' |    | JSON"})
    void theLogFormatComesFromTheEnvironmentElseFromApplicationProperties(String variable, String key, LogFormat format) {
        Properties properties = new Properties();
        if (key != null) {
            properties.setProperty("log.format", key);
        }
        Map<String, String> environment = variable == null ? Map.of() : Map.of("LOG_FORMAT", variable);
        assertThat(LogFormat.configured(environment, properties)).isEqualTo(format);
    }

    @ParameterizedTest(name = "LOG_FORMAT=''{0}''")
    @CsvSource(delimiter = '|', value = {"JSON", "Plain", "xml", "''", "ecs"})
    void anotherLogFormatIsRefused(String value) {
        assertThatThrownBy(() -> LogFormat.configured(Map.of("LOG_FORMAT", value), new Properties()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("LOG_FORMAT must be plain or json, but is '" + value + "'");
    }
}
