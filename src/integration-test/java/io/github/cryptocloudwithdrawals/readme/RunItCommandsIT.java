package io.github.cryptocloudwithdrawals.readme;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.testsupport.Manual;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The manual's trial (docs/trying-it.md, which the README's "Run it" points to: a Kafka broker
 * without Docker, the sandbox, the service, then kcat to publish a command and read the results), every command run as written, each in a
 * bash of its own started from a user's plain environment, in a copy of the project holding the
 * packaged jar, as a user's clone would after the README's {@code package} command. A copy,
 * because the broker's command is a Maven build: run in this project's directory, it would
 * compile into the {@code target/} the running tests load their classes from. It reaches a paid
 * result, and the sandbox's log shows the call. The commands use fixed ports (9092 and 9093 for
 * Kafka, 8089, 8080): where one is taken (a trial running on this machine), the test is skipped,
 * saying so; where kcat is missing, too.
 */
@Timeout(300)
class RunItCommandsIT {

    private static final Duration START = Duration.ofSeconds(180);
    private static final Path OUTPUT = Path.of("target", "readme-run-it").toAbsolutePath();
    private static final Path PROJECT = OUTPUT.resolve("project");
    private static final Path JAR = Path.of("target", "cryptocloud-withdrawals.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Process> running = new ArrayList<>();

    @Test
    void theTrialsCommandsAsWrittenReachAPaidResult() throws Exception {
        List<String> commands = ReadmeShell.commands(Manual.page("trying-it.md"));
        String broker = ReadmeShell.command(commands, "-Pkafka");
        String sandbox = ReadmeShell.command(commands, "sandbox.CryptoCloudSandbox");
        String service = ReadmeShell.command(commands, "CRYPTOCLOUD_BASE_URL=http://127.0.0.1:8089");
        String publish = ReadmeShell.command(commands, "kcat -P");
        String read = ReadmeShell.command(commands, "kcat -C");
        for (int port : new int[] {9092, 9093, 8089, 8080}) {
            assumeTrue(free(port), "port " + port + " is taken (a trial running here?): the README's trial was not run");
        }
        assumeTrue(ReadmeShell.kcatInstalled(), "kcat is not installed (Debian: apt-get install kafkacat; .ci/run "
                + "installs it where it can): the README's trial was not run");
        deleteRecursively(OUTPUT);
        copyOfTheProject();

        try {
            start(broker, "broker.log");
            waitFor("the README's Kafka broker").atMost(START)
                    .until(() -> Files.readString(OUTPUT.resolve("broker.log")).contains("Kafka listening on localhost:9092"));
            start(sandbox, "sandbox.log");
            start(service, "service.log");
            waitFor("the README's service, ready").atMost(START).ignoreExceptions()
                    .until(() -> readiness() == 200);

            Process publishing = start(publish, "publish.log");
            assertThat(publishing.waitFor(30, TimeUnit.SECONDS)).as("kcat published").isTrue();
            assertThat(publishing.exitValue()).as(Files.readString(OUTPUT.resolve("publish.log"))).isZero();
            start(read, "read.log");
            JsonNode paid = waitFor("the paid result, as the README's kcat reads it").atMost(Duration.ofSeconds(60))
                    .until(() -> ReadmeShell.kcatEvents(OUTPUT.resolve("read.log")).stream()
                            .filter(event -> event.path("topic").asText().equals("cryptocloud.withdrawal.succeeded"))
                            .filter(event -> event.path("key").asText().equals("payout-1")).findFirst(),
                            Optional::isPresent).orElseThrow();

            JsonNode event = JsonMapping.MAPPER.readTree(paid.path("payload").asText());
            assertThat(event.path("amount").asText()).isEqualTo("10.50");
            assertThat(event.path("invoice_id").asText()).matches("INV-[A-Z0-9]{8}");
            assertThat(Files.readString(OUTPUT.resolve("sandbox.log"))).as("the sandbox's line for the call")
                    .contains("POST /v2/invoice/api/out/create 10.5 USDT_TRC20 -> HTTP 200 success "
                            + event.path("invoice_id").asText())
                    .doesNotContain("test-key");
        } finally {
            // the kcat reader, the service, the sandbox, then Kafka: the last started stops first
            for (int i = running.size() - 1; i >= 0; i--) {
                ReadmeShell.stop(running.get(i));
            }
        }
    }

    /** The command in bash, from a user's plain environment: none of the service's settings, this JVM's tools. */
    private Process start(String command, String log) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : List.of("PATH", "HOME", "JAVA_HOME", "LANG", "MAVEN_OPTS", "MAVEN_ARGS")) {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        Process process = ReadmeShell.bash(command, OUTPUT.resolve(log), environment, PROJECT);
        running.add(process);
        return process;
    }

    private static int readiness() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/observe/health/ready"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The sources and the build a clone has after {@code mvn package}: the pom, .mvn, routes, src and the jar. */
    private static void copyOfTheProject() throws IOException {
        Files.createDirectories(PROJECT);
        for (String part : List.of("pom.xml", ".mvn", "routes", "src")) {
            Path from = Path.of(part);
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path path : paths.toList()) {
                    Path to = PROJECT.resolve(path.toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(path, to);
                    }
                }
            }
        }
        Files.createDirectories(PROJECT.resolve("target"));
        Files.copy(JAR, PROJECT.resolve(JAR.toString()));
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
