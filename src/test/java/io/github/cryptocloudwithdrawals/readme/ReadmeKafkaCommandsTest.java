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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Path README = Path.of("README.md");
    private static final String README_BROKER = "localhost:9092";
    private static final String RESOLUTIONS_TOPIC = "cryptocloud.withdrawal.resolutions";
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);
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
        assumeTrue(kcatInstalled(), "kcat is not installed (Debian: apt-get install kafkacat; .ci/run installs it "
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
            Process publishing = bash(publish.replace(README_BROKER, broker.bootstrapServers()), dir.resolve("publish.log"));
            assertThat(publishing.waitFor(30, TimeUnit.SECONDS)).as("the publishing command ended").isTrue();
            assertThat(publishing.exitValue()).as("its exit code; it printed " + Files.readString(dir.resolve("publish.log")))
                    .isZero();
            // and one the service refuses, so that both result topics hold an event
            publishInvalid(broker.bootstrapServers());
            results.awaitRequests(WAIT, "payout-1", "readme-invalid");

            Path output = dir.resolve("read.log");
            Process reading = bash(read.replace(README_BROKER, broker.bootstrapServers()), output);
            try {
                waitFor("the README's reading command printing the events of both topics").atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(topicsPrinted(output)).as("topics of the events it printed; "
                                + "it printed " + Files.readString(output)).contains(
                                "cryptocloud.withdrawal.succeeded", "cryptocloud.withdrawal.failed"));
            } finally {
                reading.destroy();
                reading.waitFor(10, TimeUnit.SECONDS);
            }
            JsonNode paid = events(output).stream()
                    .filter(e -> e.path("topic").asText().equals("cryptocloud.withdrawal.succeeded")).findFirst().orElseThrow();
            assertThat(paid.path("key").asText()).isEqualTo("payout-1");
            assertThat(JsonMapping.MAPPER.readTree(paid.path("payload").asText()).path("amount").asText()).isEqualTo("10.50");
        }
    }

    /** An operator's resolution is keyed by its request_id, as the service checks: kcat splits key and value at -K. */
    @Test
    void theResolutionCommandsPublishKeyedRecordsToTheResolutionsTopic() throws Exception {
        List<String> resolutions = kcatCommands().stream().filter(command -> command.contains(RESOLUTIONS_TOPIC)).toList();
        assertThat(resolutions).singleElement().satisfies(command -> {
            assertThat(command).contains("kcat -P", "-K '|'");
            String record = command.substring(command.indexOf('\'') + 1, command.indexOf('\'', command.indexOf('\'') + 1));
            String key = record.substring(0, record.indexOf('|'));
            assertThat(record.substring(record.indexOf('|') + 1)).contains("\"request_id\":\"" + key + "\"");
        });
    }

    /** The commands of the README's bash blocks that run kcat, their continued lines joined. */
    private static List<String> kcatCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        Matcher block = BASH_BLOCK.matcher(Files.readString(README, StandardCharsets.UTF_8));
        while (block.find()) {
            for (String command : block.group(1).replace("\\\n", " ").split("\n")) {
                if (command.contains("kcat ")) {
                    commands.add(command.strip());
                }
            }
        }
        return commands;
    }

    private static boolean kcatInstalled() {
        try {
            Process version = new ProcessBuilder("kcat", "-V").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the command as a shell would, its output line by line as on a terminal (not held in a buffer). */
    private static Process bash(String command, Path output) throws IOException {
        return new ProcessBuilder("stdbuf", "-oL", "bash", "-c", command)
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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

    /** kcat -J prints one JSON envelope per line. */
    private static List<JsonNode> events(Path output) {
        try {
            List<JsonNode> events = new ArrayList<>();
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                if (line.startsWith("{")) {
                    events.add(JsonMapping.MAPPER.readTree(line));
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> topicsPrinted(Path output) {
        return events(output).stream().map(e -> e.path("topic").asText()).distinct().toList();
    }
}
