package io.github.cryptocloudwithdrawals.demo;

import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A Kafka broker for trying the service without a Kafka of one's own and without Docker
 * (README, Run it): one node (KRaft) on localhost:9092, the demo's broker, in the foreground
 * until Ctrl-C. Its data stays in {@code target/local-kafka} (until {@code mvn clean}), so that
 * stopping and starting it again keeps the topics and the service's ledger. Run it with
 * {@code mvn -q -Pkafka}.
 */
public final class LocalKafka {

    static final int PORT = 9092;
    static final Path DATA = Path.of("target", "local-kafka");

    private LocalKafka() {
    }

    public static void main(String[] args) throws Exception {
        // Kafka logs a thousand lines at start, and warns of what a new one-node cluster always does
        Configurator.setLevel("kafka", Level.ERROR);
        Configurator.setLevel("org.apache.kafka", Level.ERROR);
        Configurator.setLevel("state.change.logger", Level.ERROR);
        Files.createDirectories(DATA);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startKeeping(DATA.toAbsolutePath(), PORT);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Kafka; its data stays in " + DATA);
            broker.close();
            stopped.countDown();
        }, "local-kafka-shutdown"));
        System.out.println("Kafka listening on localhost:" + PORT + " (KAFKA_BOOTSTRAP_SERVERS=localhost:" + PORT
                + "), data in " + DATA + "; Ctrl-C stops it");
        stopped.await();
    }
}
