package io.github.cryptocloudwithdrawals.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers' Kafka module running the broker image that docker-compose.yml runs, with the
 * settings of a broker for tests ({@link EmbeddedKafkaBroker#TEST_SETTINGS}). Its port is mapped on
 * this host, so the service processes the process-level tests start reach it too.
 */
final class KafkaContainerBroker {

    static final Path COMPOSE_FILE = Path.of("docker-compose.yml");

    private KafkaContainerBroker() {
    }

    /** The image of the compose file's {@code kafka} service, e.g. {@code apache/kafka:4.3.1}. */
    static String composeImage() {
        try {
            Object compose = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(COMPOSE_FILE));
            Object image = ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) compose).get("services")).get("kafka")).get("image");
            return (String) image;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + COMPOSE_FILE.toAbsolutePath(), e);
        }
    }

    /** The container, configured but not started: the image, and the test settings as the image's variables. */
    static KafkaContainer container(String image) {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image));
        EmbeddedKafkaBroker.TEST_SETTINGS.forEach((name, value) -> container.withEnv(variable(name), value));
        return container;
    }

    /** The apache/kafka image reads every {@code KAFKA_*} variable as the broker setting of that name. */
    static String variable(String setting) {
        return "KAFKA_" + setting.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Starts the container (stopped when the JVM exits) and returns its bootstrap address on this host. */
    static String start() {
        KafkaContainer container = container(composeImage());
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
        return container.getBootstrapServers();
    }
}
