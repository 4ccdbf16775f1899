package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.STARTUP;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An operator's first start, as the README tells it: Kafka is not up yet, the public topics do
 * not exist. The service says once which brokers it cannot reach and which setting names them,
 * waits quietly, starts as soon as Kafka answers, creates the topics it reads and writes, and
 * tells in one line of its own that it runs and where its health and metrics are.
 */
@Timeout(180)
class FirstStartIT {

    private static final Pattern URL = Pattern.compile("http://[^ ,;]+/observe/[a-z/]+");

    @Test
    void waitsQuietlyForKafkaCreatesItsTopicsAndSaysWhereItsHealthAndMetricsAre() throws Exception {
        String run = "first-start-" + UUID.randomUUID().toString().substring(0, 8);
        int kafkaPort = LoopbackPorts.freePort();
        String managementPort = String.valueOf(LoopbackPorts.freePort());
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
        environment.put("KAFKA_GROUP_ID", run);
        environment.put("CRYPTOCLOUD_API_KEY", "cc-first-start-key");
        environment.put("MANAGEMENT_PORT", managementPort);
        for (String topic : List.of("commands", "succeeded", "failed", "submissions", "ledger")) {
            environment.put("WITHDRAWAL_" + topic.toUpperCase() + "_TOPIC", topic + "-" + run);
        }
        try (ServiceProcess service = ProcessScenario.LAUNCHER.start(run, environment)) {
            service.awaitLog("KAFKA_BOOTSTRAP_SERVERS", STARTUP);
            long saidAt = service.ageMillis();
            assertThat(problems(service)).as("one line says it, early").singleElement().satisfies(line -> assertThat(line)
                    .contains("WARN").contains("127.0.0.1:" + kafkaPort).contains("KAFKA_BOOTSTRAP_SERVERS"));
            // the service keeps trying (once a second): for three seconds it says nothing more
            waitFor("three seconds without a second warning").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> problems(service).size() == 1);
            assertThat(service.isAlive()).isTrue();

            try (Forwarder kafka = new Forwarder(kafkaPort, TestKafka.bootstrapServers())) {
                service.awaitLog(" started: ", STARTUP);
                String started = service.log().lines().filter(line -> line.contains(" started: ")).findFirst().orElseThrow();
                List<String> urls = URL.matcher(started).results().map(MatchResult::group).toList();
                assertThat(urls).as("where health, readiness, liveness and metrics are: " + started).containsExactly(
                        "http://127.0.0.1:" + managementPort + "/observe/health",
                        "http://127.0.0.1:" + managementPort + "/observe/health/ready",
                        "http://127.0.0.1:" + managementPort + "/observe/health/live",
                        "http://127.0.0.1:" + managementPort + "/observe/metrics");
                awaitStatus(urls.get(1), 200);
                assertThat(get(urls.get(0)).statusCode()).isEqualTo(200);
                assertThat(get(urls.get(2)).statusCode()).isEqualTo(200);
                String metrics = get(urls.get(3)).body();
                assertThat(metrics).as("the JVM's metrics, which operators graph first").contains(
                        "jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                        "process_cpu_usage", "process_uptime_seconds");

                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestKafka.bootstrapServers()))) {
                    Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                    assertThat(topics).as("created by the service").contains(
                            "commands-" + run, "succeeded-" + run, "failed-" + run, "submissions-" + run, "ledger-" + run);
                }
                assertThat(problems(service)).as("nothing but the one line about Kafka").hasSize(1);
                assertThat(service.log()).doesNotContain("UNKNOWN_TOPIC_OR_PARTITION").doesNotContain("{{")
                        .doesNotContain("\tat ");
                System.out.println(run + ": " + service.log().lines().count() + " lines up to the start line:\n"
                        + service.log());
                assertThat(service.log().lines().count()).as("a start-up log one reads").isLessThan(20);
            }
        }
    }

    /** The lines an operator would look into: warnings, errors. */
    private static List<String> problems(ServiceProcess service) {
        return service.log().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
    }

    private static void awaitStatus(String url, int status) {
        waitFor(url + " answering " + status).atMost(Duration.ofSeconds(30))
                .until(() -> get(url).statusCode() == status);
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kafka coming up late: a port on which nothing listens, until this starts forwarding it to
     * the test broker. Clients only bootstrap through it; the broker then tells them its own address.
     */
    private static final class Forwarder implements AutoCloseable {

        private final ServerSocket server;
        private final Thread acceptor;

        Forwarder(int port, String target) throws IOException {
            String[] hostPort = target.split(",")[0].split(":");
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket broker = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
                        pipe(client, broker);
                        pipe(broker, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "kafka-forwarder");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pipe(Socket from, Socket to) {
            Thread copier = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException closed) {
                    // either side went away
                }
            }, "kafka-forwarder-pipe");
            copier.setDaemon(true);
            copier.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
