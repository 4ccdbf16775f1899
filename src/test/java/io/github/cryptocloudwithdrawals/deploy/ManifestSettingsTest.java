package io.github.cryptocloudwithdrawals.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.github.cryptocloudwithdrawals.settings.StartupCheck;
import io.github.cryptocloudwithdrawals.testsupport.BundledSettings;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.component.kafka.KafkaComponentConfigurer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every environment variable the rendered manifests give the service (its ConfigMap and its env)
 * is a setting it knows, with a value it accepts: the service's own start-up check
 * ({@link StartupCheck}: names, values, the key file) says nothing about them; a Kafka client
 * variable is an option of Camel's Kafka component with a value Kafka accepts; and the one
 * variable of the JVM sizes it for the container.
 */
class ManifestSettingsTest {

    /** Read by the JVM, not the service: what it may set. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    private static final String KAFKA_CLIENT = "CAMEL_COMPONENT_KAFKA_";
    private static final String API_KEY_SECRET = "cryptocloud-withdrawals-api-key";

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production", "overlays/traced"})
    void theServiceSettingsPassItsOwnStartupCheck(String kustomization, @TempDir Path secretVolume) throws IOException {
        RenderedService service = RenderedService.of(Manifests.render(Manifests.KUBERNETES.resolve(kustomization)));
        Map<String, String> environment = new LinkedHashMap<>(service.environment());
        environment.keySet().removeIf(name -> name.startsWith(KAFKA_CLIENT) || JVM_VARIABLES.contains(name));
        // the key file where the Secret volume puts it: a file of the volume's items, here with a key in it
        String keyFile = environment.get("CRYPTOCLOUD_API_KEY_FILE");
        VolumeMount mount = service.secretMount(API_KEY_SECRET).orElseThrow(() ->
                new AssertionError("the Secret " + API_KEY_SECRET + " is not mounted"));
        assertThat(keyFile).startsWith(mount.getMountPath() + "/");
        assertThat(service.volume(mount).getSecret().getItems()).extracting(KeyToPath::getPath)
                .contains(keyFile.substring(mount.getMountPath().length() + 1));
        Path key = Files.writeString(secretVolume.resolve("api-key"), "a-payout-key");
        environment.put("CRYPTOCLOUD_API_KEY_FILE", key.toString());

        String logFormat = System.getProperty("log.format");
        StartupCheck check;
        try {
            // the management port is the pod's own: whether this machine has it free says nothing
            check = StartupCheck.of(environment, new Properties(), BundledSettings.load(),
                    management -> { });
        } finally {
            // the check chooses the log format of this JVM: leave it as it was
            if (logFormat == null) {
                System.clearProperty("log.format");
            } else {
                System.setProperty("log.format", logFormat);
            }
        }

        assertThat(check.refusals()).as("refusals of %s's settings", kustomization).isEmpty();
        assertThat(check.warnings()).as("warnings about %s's settings", kustomization).isEmpty();
        assertThat(environment).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "MANAGEMENT_PORT", "LOG_FORMAT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void kafkaClientVariablesAreOptionsOfCamelsKafkaComponentWithValuesKafkaAccepts(String kustomization) {
        RenderedService service = RenderedService.of(Manifests.render(Manifests.KUBERNETES.resolve(kustomization)));
        Map<String, String> clientSettings = new LinkedHashMap<>();
        // required by Kafka 4's client config, and set by the service from KAFKA_BOOTSTRAP_SERVERS, not by these variables
        clientSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        clientSettings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        clientSettings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, String> variables = new LinkedHashMap<>(service.environment());
        service.fromSecrets().keySet().forEach(name -> variables.put(name, null));

        variables.forEach((name, value) -> {
            if (!name.startsWith(KAFKA_CLIENT)) {
                return;
            }
            String option = name.substring(KAFKA_CLIENT.length()).toLowerCase(Locale.ROOT);
            assertThat(new KafkaComponentConfigurer().getOptionType(option.replace("_", ""), true))
                    .as("%s: an option of Camel's Kafka component", name).isNotNull();
            if (value != null) {
                clientSettings.put(option.replace('_', '.'), value);
            }
        });

        // Kafka's own parsing of the settings: names and values (security.protocol, ...) it accepts
        assertThat(ConsumerConfig.configDef().parse(clientSettings)).containsKeys(clientSettings.keySet().toArray(String[]::new));
        assertThat(service.environment().keySet()).filteredOn(name -> !name.startsWith("CRYPTOCLOUD_")
                && !name.startsWith("WITHDRAWAL_") && !name.startsWith("KAFKA_") && !name.startsWith("MANAGEMENT_")
                && !name.equals("LOG_FORMAT") && !name.startsWith(KAFKA_CLIENT))
                .as("variables for the JVM").isSubsetOf(JVM_VARIABLES);
    }

    @org.junit.jupiter.api.Test
    void productionLogsInAsTheKafkaUserOfDeployStrimzi() {
        RenderedService service = RenderedService.of(Manifests.render(Manifests.PRODUCTION));
        KafkaUser user = KafkaUserAclsTest.user();

        assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
        assertThat(service.environment()).containsEntry(KAFKA_CLIENT + "SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry(KAFKA_CLIENT + "SECURITY_PROTOCOL", "SASL_SSL");
        // the Secret the User Operator writes for the user: named after it, sasl.jaas.config in it
        assertThat(service.fromSecrets()).containsEntry(KAFKA_CLIENT + "SASL_JAAS_CONFIG",
                user.getMetadata().getName() + "/sasl.jaas.config");
    }
}
