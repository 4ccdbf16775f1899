package io.github.cryptocloudwithdrawals.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka client settings from the environment: {@code CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG}
 * becomes {@code camel.component.kafka.sasl-jaas-config}. Its value stays in the environment: the
 * property is the placeholder {@code {{env:CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG}}}, which Camel
 * resolves when it configures the component, so no password is ever held as a plain property value
 * (Camel 4.22 warns at every start about a secret option set so).
 *
 * <p>A workaround: Camel Main is meant to do this itself, but in camel-main 4.18.0 and 4.22.0
 * {@code BaseMainSupport} asks {@code MainHelper.filterEnvVariables} for the variables starting
 * with {@code "camel.component."}, and that method compares the prefix as given (lower case, with
 * dots) with the upper-cased variable names, so it finds none (read in the 4.18.0 bytecode and the
 * 4.22.0 sources; Camel's own {@code MainHelperTest} passes {@code "CAMEL_COMPONENT_"}, which
 * works). No upstream issue for it was found (Apache Camel's GitHub issues and pull requests were
 * searched in November 2026; Camel tracks bugs in its JIRA, project CAMEL). Checked again on
 * 4.22.0 in December 2026: without this class {@code KafkaSettingsFromEnvironmentIT} fails (the
 * service never reaches its SASL-only broker). After a Camel upgrade, remove this class and run
 * that test: if the service still reaches the broker, Camel maps the variables itself and this
 * class can stay gone.
 */
public final class KafkaClientEnvironment {

    static final String PREFIX = "CAMEL_COMPONENT_KAFKA_";

    private KafkaClientEnvironment() {
    }

    public static Map<String, String> componentProperties(Map<String, String> environment) {
        Map<String, String> properties = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                String option = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
                properties.put("camel.component.kafka." + option, "{{env:" + name + "}}");
            }
        });
        return properties;
    }
}
