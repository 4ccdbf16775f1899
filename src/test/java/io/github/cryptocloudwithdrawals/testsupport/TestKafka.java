package io.github.cryptocloudwithdrawals.testsupport;

import io.github.cryptocloudwithdrawals.testsupport.BrokerChoice.Inputs;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Kafka broker tests talk to, chosen once per test JVM by {@link BrokerChoice} (an external
 * broker, Testcontainers' Kafka, or the in-JVM KRaft broker) and shared by every test in it: a
 * start costs seconds, and tests isolate themselves with their own topics and groups. The choice
 * and its reason are logged once.
 *
 * <p>Tests that stop, restart or reconfigure their broker start their own {@link EmbeddedKafkaBroker}.
 */
public final class TestKafka {

    private static final Logger LOG = LogManager.getLogger(TestKafka.class);

    private static BrokerChoice choice;
    private static String bootstrapServers;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            choice = BrokerChoice.decide(new Inputs(System.getProperty(BrokerChoice.PROPERTY),
                    System.getenv(BrokerChoice.VARIABLE), System.getenv(BrokerChoice.EXTERNAL_VARIABLE),
                    () -> DockerEngine.ping(DockerEngine.address(System.getenv("DOCKER_HOST")), DockerEngine.PING_TIMEOUT)));
            bootstrapServers = start(choice.broker());
            LOG.info("Kafka for these tests: {} at {} ({})", describe(choice.broker()), bootstrapServers, choice.reason());
        }
        return bootstrapServers;
    }

    /** The choice made, once {@link #bootstrapServers()} was called. */
    public static synchronized BrokerChoice choice() {
        bootstrapServers();
        return choice;
    }

    private static String start(BrokerChoice.Broker broker) {
        return switch (broker) {
            case EXTERNAL -> System.getenv(BrokerChoice.EXTERNAL_VARIABLE);
            case TESTCONTAINERS -> KafkaContainerBroker.start();
            case EMBEDDED -> {
                EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.start();
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-kafka-shutdown"));
                yield embedded.bootstrapServers();
            }
        };
    }

    private static String describe(BrokerChoice.Broker broker) {
        return switch (broker) {
            case EXTERNAL -> "an external broker";
            case TESTCONTAINERS -> "Testcontainers' Kafka (" + KafkaContainerBroker.composeImage() + ")";
            case EMBEDDED -> "the in-JVM KRaft broker";
        };
    }
}
