package io.github.cryptocloudwithdrawals.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One KRaft node (broker and controller) of a given Kafka version, run as a process of its own from
 * the classpath the build resolved for that version ({@code target/brokers/kafka-<version>.classpath}):
 * how the process tests run a broker of another version than the test JVM's clients (3.9), and the
 * nodes of a cluster ({@link KafkaProcessCluster}) that a test stops or kills one at a time.
 * {@link #stop()} is SIGTERM (a controlled shutdown), {@link #kill()} is SIGKILL; either keeps the
 * node's log directory, so {@link #start()} brings the same node back.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);

    private final int nodeId;
    private final String version;
    private final Path directory;
    private final Path config;
    private final int clientPort;
    private Process process;

    KafkaBrokerProcess(int nodeId, String version, Path directory, Properties settings, int clientPort) {
        this.nodeId = nodeId;
        this.version = version;
        this.directory = directory;
        this.clientPort = clientPort;
        this.config = directory.resolve("server.properties");
        try {
            Files.createDirectories(directory.resolve("data"));
            settings.setProperty("log.dirs", directory.resolve("data").toString());
            try (var out = Files.newBufferedWriter(config)) {
                settings.store(out, "node " + nodeId + " (Kafka " + version + ")");
            }
            // Kafka 4 logs with log4j2; 3.9's slf4j finds no binding here and logs nothing
            Files.writeString(directory.resolve("log4j2.properties"),
                    "rootLogger.level=WARN\nrootLogger.appenderRef.out.ref=OUT\nappender.out.type=Console\n"
                            + "appender.out.name=OUT\nappender.out.layout.type=PatternLayout\n"
                            + "appender.out.layout.pattern=%d{HH:mm:ss.SSS} %-5p [%t] %c - %m%n\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Kafka node " + nodeId, e);
        }
    }

    public int nodeId() {
        return nodeId;
    }

    /** This node's client listener, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServer() {
        return "127.0.0.1:" + clientPort;
    }

    /** What {@code kafka-storage.sh format} does, once, before the first start. */
    void format(String clusterId) {
        Process format = launch("format", List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()));
        try {
            if (!format.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka node " + nodeId + " failed: "
                        + Files.readString(directory.resolve("format.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka node " + nodeId, e);
        }
    }

    /** Starts the node (again); returns at once. */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException("Kafka node " + nodeId + " is running");
        }
        process = launch("broker", List.of("kafka.Kafka", config.toString()));
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, as an operator stops a broker: it hands its leaderships over, then exits. */
    public synchronized void stop() {
        process.destroy();
        awaitExit();
    }

    /** SIGKILL: the node gets no chance to hand anything over. */
    public synchronized void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public synchronized void close() {
        if (isAlive()) {
            kill();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process launch(String logName, List<String> mainAndArguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties"),
                "-Dkafka.logs.dir=" + directory, "-cp", classpath(version)));
        command.addAll(mainAndArguments);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve(logName + ".log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Kafka node " + nodeId, e);
        }
    }

    /** The classpath the build resolved for this Kafka version (pom.xml, execution broker-classpath-*). */
    static String classpath(String version) {
        Path file = Path.of(System.getProperty("kafka.brokers.classpaths", "target/brokers"), "kafka-" + version + ".classpath");
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is missing: `mvn verify` resolves it before the process tests", e);
        }
    }
}
