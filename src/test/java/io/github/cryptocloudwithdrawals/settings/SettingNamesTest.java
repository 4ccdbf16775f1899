package io.github.cryptocloudwithdrawals.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §2: which environment names stop start-up, which are warned about, which are left alone. */
class SettingNamesTest {

    private static final SettingNames SERVICE = SettingNames.ofTheService(Set.of("CRYPTOCLOUD_BASE_URL",
            "CRYPTOCLOUD_API_KEY", "CRYPTOCLOUD_API_KEY_FILE", "CRYPTOCLOUD_ACCOUNTS", "CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY",
            "WITHDRAWAL_COMMANDS_TOPIC", "WITHDRAWAL_FAILED_TOPIC", "MANAGEMENT_PORT", "MANAGEMENT_BIND_ADDRESS",
            "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_GROUP_ID", "LOG_FORMAT"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "CRYPTOCLOUD_BASEURL, CRYPTOCLOUD_BASE_URL",
            "CRYPTOCLOUD_BASE_URI, CRYPTOCLOUD_BASE_URL",
            "CRYPTOCLOUD_APIKEY, CRYPTOCLOUD_API_KEY",
            "CRYPTOCLOUD_API_KEYFILE, CRYPTOCLOUD_API_KEY_FILE",
            "WITHDRAWAL_COMMAND_TOPIC, WITHDRAWAL_COMMANDS_TOPIC",
            "WITHDRAWAL_FAILURE_TOPIC, WITHDRAWAL_FAILED_TOPIC",
            "MANAGEMENT_PROT, MANAGEMENT_PORT",
            "MANAGEMENT_HOST, MANAGEMENT_PORT",
            "SANDBOX_APIKEY, SANDBOX_API_KEY",
            "CRYPTOCLOUD_ACCOUNT_TREASURY_APIKEY, CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY"})
    void aNameOfTheServicesFamiliesThatIsNoSettingIsRefusedNamingTheClosest(String name, String closest) {
        SettingNames.Findings findings = SERVICE.check(List.of(name, "PATH"));

        assertThat(findings.refusals()).singleElement().satisfies(refusal -> assertThat(refusal)
                .startsWith(name + " is not a setting; the closest is " + closest + " "));
        assertThat(findings.warnings()).isEmpty();
    }

    /** An account left out of the list for a while may keep its key: nothing falls back to a default. */
    @Test
    void aKeySettingOfAnAccountNotListedIsOnlyWarnedAbout() {
        SettingNames.Findings findings = SERVICE.check(List.of("CRYPTOCLOUD_ACCOUNT_EU_PAYOUTS_API_KEY_FILE"));

        assertThat(findings.refusals()).isEmpty();
        assertThat(findings.warnings()).containsExactly("CRYPTOCLOUD_ACCOUNT_EU_PAYOUTS_API_KEY_FILE is set, but its "
                + "account is not listed in CRYPTOCLOUD_ACCOUNTS: the key is not used");
    }

    @Test
    void settingsOfTheServiceAndOfTheSandboxAreLeftAlone() {
        SettingNames.Findings findings = SERVICE.check(List.of("CRYPTOCLOUD_BASE_URL", "MANAGEMENT_PORT",
                "CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY", "SANDBOX_API_KEY", "SANDBOX_PORT", "KAFKA_GROUP_ID", "LOG_FORMAT"));

        assertThat(findings.refusals()).isEmpty();
        assertThat(findings.warnings()).isEmpty();
    }

    /** What Kubernetes sets for each Service in the namespace: a Service may be named like a family. */
    @ParameterizedTest
    @ValueSource(strings = {"CRYPTOCLOUD_WITHDRAWALS_SERVICE_HOST", "CRYPTOCLOUD_WITHDRAWALS_SERVICE_PORT",
            "CRYPTOCLOUD_WITHDRAWALS_SERVICE_PORT_METRICS", "CRYPTOCLOUD_WITHDRAWALS_PORT",
            "CRYPTOCLOUD_WITHDRAWALS_PORT_8080_TCP", "CRYPTOCLOUD_WITHDRAWALS_PORT_8080_TCP_PROTO",
            "CRYPTOCLOUD_WITHDRAWALS_PORT_8080_TCP_PORT", "CRYPTOCLOUD_WITHDRAWALS_PORT_8080_TCP_ADDR",
            "WITHDRAWAL_SANDBOX_SERVICE_HOST", "SANDBOX_PORT_8089_UDP", "KAFKA_PORT", "KAFKA_SERVICE_HOST",
            "KAFKA_PORT_9092_TCP_ADDR"})
    void kubernetesServiceLinksAreNoSettingsAndAreIgnored(String name) {
        SettingNames.Findings findings = SERVICE.check(List.of(name));

        assertThat(findings.refusals()).isEmpty();
        assertThat(findings.warnings()).isEmpty();
    }

    @Test
    void aKafkaNameThatIsNoSettingIsOnlyWarnedAboutSayingWhereClientSettingsGo() {
        SettingNames.Findings findings = SERVICE.check(List.of("KAFKA_SASL_MECHANISM", "KAFKA_GROUPID"));

        assertThat(findings.refusals()).isEmpty();
        assertThat(findings.warnings()).containsExactly(
                "KAFKA_GROUPID is not a setting and is ignored (the closest is KAFKA_GROUP_ID); Kafka client settings "
                        + "are CAMEL_COMPONENT_KAFKA_<SETTING> variables",
                "KAFKA_SASL_MECHANISM is not a setting and is ignored (the closest is KAFKA_GROUP_ID); Kafka client "
                        + "settings are CAMEL_COMPONENT_KAFKA_<SETTING> variables");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATH", "HOME", "CAMEL_COMPONENT_KAFKA_SASL_MECHANISM", "JAVA_TOOL_OPTIONS", "CRYPTOCLOUD",
            "LOG_LEVEL", "OTEL_SERVICE_NAME"})
    void namesOutsideTheFamiliesAreLeftAlone(String name) {
        SettingNames.Findings findings = SERVICE.check(List.of(name));

        assertThat(findings.refusals()).isEmpty();
        assertThat(findings.warnings()).isEmpty();
    }

    @Test
    void theSandboxRefusesOnlyItsOwnFamily() {
        SettingNames sandbox = SettingNames.ofTheSandbox();

        assertThat(sandbox.check(List.of("SANDBOX_PROT", "CRYPTOCLOUD_BASEURL", "KAFKA_X", "SANDBOX_PORT")).refusals())
                .singleElement().satisfies(refusal -> assertThat(refusal)
                        .startsWith("SANDBOX_PROT is not a setting; the closest is SANDBOX_PORT"));
        assertThat(sandbox.check(List.of("KAFKA_X")).warnings()).isEmpty();
    }

    @Test
    void theDistanceCountsSingleCharacterEdits() {
        assertThat(SettingNames.distance("CRYPTOCLOUD_BASEURL", "CRYPTOCLOUD_BASE_URL")).isEqualTo(1);
        assertThat(SettingNames.distance("MANAGEMENT_PROT", "MANAGEMENT_PORT")).isEqualTo(2);
        assertThat(SettingNames.distance("", "ABC")).isEqualTo(3);
        assertThat(SettingNames.distance("SAME", "SAME")).isZero();
    }
}
