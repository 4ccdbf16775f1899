package io.github.cryptocloudwithdrawals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientEnvironmentTest {

    @Test
    void turnsKafkaComponentVariablesIntoComponentProperties() {
        Map<String, String> properties = KafkaClientEnvironment.componentProperties(Map.of(
                "CAMEL_COMPONENT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "CAMEL_COMPONENT_KAFKA_", "ignored: no option",
                "CAMEL_MAIN_NAME", "not kafka",
                "KAFKA_BOOTSTRAP_SERVERS", "b:9092"));

        // the values stay in the environment: a password is never a plain property value
        assertThat(properties).containsExactly(
                Map.entry("camel.component.kafka.sasl-jaas-config", "{{env:CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG}}"),
                Map.entry("camel.component.kafka.security-protocol", "{{env:CAMEL_COMPONENT_KAFKA_SECURITY_PROTOCOL}}"));
    }
}
