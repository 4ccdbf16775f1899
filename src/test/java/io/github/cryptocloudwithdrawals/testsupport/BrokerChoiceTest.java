package io.github.cryptocloudwithdrawals.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cryptocloudwithdrawals.testsupport.BrokerChoice.Broker;
import io.github.cryptocloudwithdrawals.testsupport.BrokerChoice.DockerPing;
import io.github.cryptocloudwithdrawals.testsupport.BrokerChoice.Inputs;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerChoiceTest {

    private static final String SOCKET = "unix:///var/run/docker.sock";

    /**
     * {@code docker}: what the engine would say if asked ({@code answers}, {@code silent}), or
     * {@code never} when the rule must decide without asking it (asking fails the case).
     */
    @ParameterizedTest(name = "-Dkafka.broker={0}, TEST_KAFKA_BROKER={1}, KAFKA_BOOTSTRAP_SERVERS={2}, Docker {3}: {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // -Dkafka.broker | TEST_KAFKA_BROKER | KAFKA_BOOTSTRAP_SERVERS | Docker | broker | reason
            "-               | -              | -           | silent  | EMBEDDED       | no KAFKA_BOOTSTRAP_SERVERS, no kafka.broker, and no Docker engine answered at unix:///var/run/docker.sock within a second",
            "-               | -              | -           | answers | TESTCONTAINERS | a Docker engine answered at unix:///var/run/docker.sock",
            "-               | -              | broker:9092 | never   | EXTERNAL       | KAFKA_BOOTSTRAP_SERVERS is set",
            "testcontainers  | -              | -           | never   | TESTCONTAINERS | asked for with -Dkafka.broker=testcontainers",
            "-               | testcontainers | -           | never   | TESTCONTAINERS | asked for with TEST_KAFKA_BROKER=testcontainers",
            "TestContainers  | -              | -           | never   | TESTCONTAINERS | asked for with -Dkafka.broker=TestContainers",
            "embedded        | -              | -           | never   | EMBEDDED       | asked for with -Dkafka.broker=embedded",
            "-               | embedded       | -           | never   | EMBEDDED       | asked for with TEST_KAFKA_BROKER=embedded",
            "embedded        | -              | broker:9092 | never   | EMBEDDED       | asked for with -Dkafka.broker=embedded",
            "testcontainers  | -              | broker:9092 | never   | TESTCONTAINERS | asked for with -Dkafka.broker=testcontainers",
            "external        | -              | broker:9092 | never   | EXTERNAL       | asked for with -Dkafka.broker=external",
            "embedded        | testcontainers | -           | never   | EMBEDDED       | asked for with -Dkafka.broker=embedded",
            "'  '            | '  '           | '  '        | silent  | EMBEDDED       | no KAFKA_BOOTSTRAP_SERVERS",
            "'  '            | -              | broker:9092 | never   | EXTERNAL       | KAFKA_BOOTSTRAP_SERVERS is set"})
    void choosesTheBrokerByTheFirstRuleThatDecides(String property, String variable, String bootstrapServers,
                                                   String docker, Broker broker, String reason) {
        BrokerChoice choice = BrokerChoice.decide(new Inputs(property, variable, bootstrapServers, engine(docker)));

        assertThat(choice.broker()).isEqualTo(broker);
        assertThat(choice.reason()).startsWith(reason);
    }

    @ParameterizedTest(name = "-Dkafka.broker={0}, KAFKA_BOOTSTRAP_SERVERS={1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "external | -           | -Dkafka.broker=external asks for an external broker, but KAFKA_BOOTSTRAP_SERVERS is not set",
            "docker   | broker:9092 | kafka.broker (or TEST_KAFKA_BROKER) must be external, testcontainers or embedded, but is 'docker'"})
    void aRequestThatCannotBeMetStopsTheTestsNamingIt(String property, String bootstrapServers, String message) {
        assertThatThrownBy(() -> BrokerChoice.decide(new Inputs(property, null, bootstrapServers, engine("never"))))
                .isInstanceOf(IllegalStateException.class).hasMessage(message);
    }

    @Test
    void theEngineIsAskedAtTheAddressItWasGiven() {
        BrokerChoice choice = BrokerChoice.decide(new Inputs(null, null, null,
                () -> new DockerPing("tcp://10.0.0.5:2375", true)));

        assertThat(choice.reason()).isEqualTo("a Docker engine answered at tcp://10.0.0.5:2375");
    }

    private static Supplier<DockerPing> engine(String docker) {
        return switch (docker) {
            case "answers" -> () -> new DockerPing(SOCKET, true);
            case "silent" -> () -> new DockerPing(SOCKET, false);
            case "never" -> () -> {
                throw new AssertionError("the Docker engine was asked although an earlier rule decides");
            };
            default -> throw new IllegalArgumentException(docker);
        };
    }
}
