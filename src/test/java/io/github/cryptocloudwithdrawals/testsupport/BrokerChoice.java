package io.github.cryptocloudwithdrawals.testsupport;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Which Kafka broker the tests of one JVM run against, and why: the rule of {@link TestKafka},
 * kept apart from starting anything so that it can be tested on its own.
 *
 * <ol>
 *   <li>asked for by name: the system property {@value #PROPERTY} or the environment variable
 *       {@value #VARIABLE} ({@code external}, {@code testcontainers} or {@code embedded});</li>
 *   <li>else an external broker when {@value #EXTERNAL_VARIABLE} is set;</li>
 *   <li>else Testcontainers' Kafka when a Docker engine answers a ping (within a second);</li>
 *   <li>else the in-JVM KRaft broker.</li>
 * </ol>
 * The Docker engine is asked only when the first two rules decide nothing.
 */
public record BrokerChoice(Broker broker, String reason) {

    public static final String PROPERTY = "kafka.broker";
    public static final String VARIABLE = "TEST_KAFKA_BROKER";
    public static final String EXTERNAL_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";

    /** The brokers tests can run against. */
    public enum Broker {
        /** A broker someone runs, at {@value #EXTERNAL_VARIABLE}. */
        EXTERNAL,
        /** Testcontainers' Kafka module: the {@code apache/kafka} image of docker-compose.yml. */
        TESTCONTAINERS,
        /** {@link EmbeddedKafkaBroker}: a KRaft broker in the test JVM. */
        EMBEDDED
    }

    /** What the rule looks at; the Docker engine is only asked when needed. */
    public record Inputs(String property, String variable, String bootstrapServers, Supplier<DockerPing> docker) {
    }

    /** The answer of the Docker engine to a ping: where it was asked and whether it answered. */
    public record DockerPing(String where, boolean answered) {
    }

    public static BrokerChoice decide(Inputs inputs) {
        String asked = firstSet(inputs.property(), inputs.variable());
        boolean externalSet = isSet(inputs.bootstrapServers());
        if (asked != null) {
            Broker broker = named(asked);
            String how = isSet(inputs.property()) ? "-D" + PROPERTY + "=" + asked : VARIABLE + "=" + asked;
            if (broker == Broker.EXTERNAL && !externalSet) {
                throw new IllegalStateException(how + " asks for an external broker, but " + EXTERNAL_VARIABLE
                        + " is not set");
            }
            return new BrokerChoice(broker, "asked for with " + how);
        }
        if (externalSet) {
            return new BrokerChoice(Broker.EXTERNAL, EXTERNAL_VARIABLE + " is set");
        }
        DockerPing ping = inputs.docker().get();
        if (ping.answered()) {
            return new BrokerChoice(Broker.TESTCONTAINERS, "a Docker engine answered at " + ping.where());
        }
        return new BrokerChoice(Broker.EMBEDDED, "no " + EXTERNAL_VARIABLE + ", no " + PROPERTY
                + ", and no Docker engine answered at " + ping.where() + " within a second");
    }

    private static Broker named(String asked) {
        try {
            return Broker.valueOf(asked.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(PROPERTY + " (or " + VARIABLE + ") must be external, testcontainers or "
                    + "embedded, but is '" + asked + "'");
        }
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (isSet(value)) {
                return value;
            }
        }
        return null;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
