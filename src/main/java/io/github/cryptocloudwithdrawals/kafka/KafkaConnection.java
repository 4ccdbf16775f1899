package io.github.cryptocloudwithdrawals.kafka;

import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How the service's own Kafka clients (ledger, topic set-up) reach the brokers: the same
 * brokers and security settings as the Camel Kafka component, so SASL or TLS configured once
 * applies everywhere. Only connection settings are taken; each client sets its own semantics.
 */
public final class KafkaConnection {

    private KafkaConnection() {
    }

    public static Properties of(CamelContext context) {
        KafkaConfiguration configuration = context.getComponent("kafka", KafkaComponent.class).getConfiguration();
        Properties connection = new Properties();
        configuration.createConsumerProperties().forEach((key, value) -> {
            String name = key.toString();
            if (name.startsWith("security.") || name.startsWith("sasl.") || name.startsWith("ssl.")) {
                connection.put(name, value);
            }
        });
        connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, configuration.getBrokers());
        return connection;
    }
}
