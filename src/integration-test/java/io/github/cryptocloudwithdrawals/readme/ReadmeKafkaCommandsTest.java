package io.github.cryptocloudwithdrawals.readme;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.InJvmService;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's kcat commands, read from the README and run as written against a broker and the
 * service with its default topic names; only the broker address ({@code localhost:9092}) is the
 * test broker's. kcat is Debian's {@code kafkacat} package ({@code .ci/run} installs it where it
 * can): without it this test is skipped, saying so.
 */
@Timeout(120)
class ReadmeKafkaCommandsTest {

    private static final String README_BROKER = "localhost:9092";
    private static final String RESOLUTIONS_TOPIC = "cryptocloud.withdrawal.resolutions";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theKcatCommandsPublishACommandAndReadTheResultsOfBothTopics() throws Exception {
        List<String> commands = kcatCommands().stream().filter(command -> !command.contains(RESOLUTIONS_TOPIC)).toList();
        assertThat(commands).as("the README's kcat commands: one publishes, one reads").hasSize(2);
        String publish = commands.get(0);
        String read = commands.get(1);
        assertThat(publish).contains("kcat -P");
        assertThat(read).contains("kcat -C");
        assumeTrue(ReadmeShell.kcatInstalled(), "kcat is not installed (Debian: apt-get install kafkacat; .ci/run installs it "
                + "where it can): the README's kcat commands were not run");

        // a broker of its own: the README's commands use the default topic names
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             CryptoCloudSandbox sandbox = CryptoCloudSandbox.start(SandboxSettings.forApiKey("readme-key"));
             InJvmService service = InJvmService.start(Map.of(
                     "kafka.bootstrap-servers", broker.bootstrapServers(),
                     "cryptocloud.base-url", sandbox.baseUrl(),
                     "cryptocloud.api-key", "readme-key",
                     "cryptocloud.min-interval-ms", "200",
                     "camel.main.shutdown-timeout", "1"));
             ResultTopics results = new ResultTopics(broker.bootstrapServers(),
                     "cryptocloud.withdrawal.succeeded", "cryptocloud.withdrawal.failed")) {
            service.awaitReady(WAIT);
            Process publishing = ReadmeShell.bash(publish.replace(README_BROKER, broker.bootstrapServers()), dir.resolve("publish.log"));
            assertThat(publishing.waitFor(30, TimeUnit.SECONDS)).as("the publishing command ended").isTrue();
            assertThat(publishing.exitValue()).as("its exit code; it printed " + Files.readString(dir.resolve("publish.log")))
                    .isZero();
            // and one the service refuses, so that both result topics hold an event
            publishInvalid(broker.bootstrapServers());
            results.awaitRequests(WAIT, "payout-1", "readme-invalid");

            Path output = dir.resolve("read.log");
            Process reading = ReadmeShell.bash(read.replace(README_BROKER, broker.bootstrapServers()), output);
            try {
                waitFor("the README's reading command printing the events of both topics").atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(topicsPrinted(output)).as("topics of the events it printed; "
                                + "it printed " + Files.readString(output)).contains(
                                "cryptocloud.withdrawal.succeeded", "cryptocloud.withdrawal.failed"));
            } finally {
                reading.destroy();
                reading.waitFor(10, TimeUnit.SECONDS);
            }
            JsonNode paid = ReadmeShell.kcatEvents(output).stream()
                    .filter(e -> e.path("topic").asText().equals("cryptocloud.withdrawal.succeeded")).findFirst().orElseThrow();
            assertThat(paid.path("key").asText()).isEqualTo("payout-1");
            assertThat(JsonMapping.MAPPER.readTree(paid.path("payload").asText()).path("amount").asText()).isEqualTo("10.50");
        }
    }

    /** An operator's resolution is keyed by its request_id, as the service checks: kcat splits key and value at -K. */
    @Test
    void theResolutionCommandsPublishKeyedRecordsToTheResolutionsTopic() {
        List<String> resolutions = kcatCommands().stream().filter(command -> command.contains(RESOLUTIONS_TOPIC)).toList();
        assertThat(resolutions).singleElement().satisfies(command -> {
            assertThat(command).contains("kcat -P", "-K '|'");
            String record = command.substring(command.indexOf('\'') + 1, command.indexOf('\'', command.indexOf('\'') + 1));
            String key = record.substring(0, record.indexOf('|'));
            assertThat(record.substring(record.indexOf('|') + 1)).contains("\"request_id\":\"" + key + "\"");
        });
    }

    private static void publishInvalid(String bootstrapServers) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>("cryptocloud.withdrawal.commands", "readme-invalid",
                    command("readme-invalid", "USDT_TRC20", TRON_ADDRESS, "\"-1\""))).get(30, TimeUnit.SECONDS);
        }
    }

    /** The commands of the README and the manual that run kcat. */
    private static List<String> kcatCommands() {
        return ReadmeShell.commands().stream().filter(command -> command.contains("kcat ")).toList();
    }

    private static List<String> topicsPrinted(Path output) {
        return ReadmeShell.kcatEvents(output).stream().map(e -> e.path("topic").asText()).distinct().toList();
    }
}
