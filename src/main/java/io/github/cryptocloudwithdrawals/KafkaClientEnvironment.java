package io.github.cryptocloudwithdrawals;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka client settings from the environment: {@code CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG}
 * becomes {@code camel.component.kafka.sasl-jaas-config}. Camel 4.18 is meant to do this itself
 * but compares the lower-case prefix "camel.component." with upper-case variable names, so it
 * finds none; security settings must not depend on that.
 */
final class KafkaClientEnvironment {

    static final String PREFIX = "CAMEL_COMPONENT_KAFKA_";

    private KafkaClientEnvironment() {
    }

    static Map<String, String> componentProperties(Map<String, String> environment) {
        Map<String, String> properties = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                String option = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
                properties.put("camel.component.kafka." + option, value);
            }
        });
        return properties;
    }
}
