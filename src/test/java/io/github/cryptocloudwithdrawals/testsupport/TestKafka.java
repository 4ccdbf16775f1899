package io.github.cryptocloudwithdrawals.testsupport;

/**
 * The Kafka broker tests talk to. Set {@code KAFKA_BOOTSTRAP_SERVERS} to use an external broker;
 * otherwise one {@link EmbeddedKafkaBroker} is started on first use and shared by every test in the
 * JVM (a start costs seconds, and tests isolate themselves with their own topics and groups).
 */
public final class TestKafka {

    private static final String EXTERNAL_BROKER_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    private static EmbeddedKafkaBroker shared;

    private TestKafka() {
    }

    public static String bootstrapServers() {
        String external = System.getenv(EXTERNAL_BROKER_ENV);
        if (external != null && !external.isBlank()) {
            return external;
        }
        return sharedBroker().bootstrapServers();
    }

    private static synchronized EmbeddedKafkaBroker sharedBroker() {
        if (shared == null) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-shutdown"));
            shared = broker;
        }
        return shared;
    }
}
