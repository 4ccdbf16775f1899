package io.github.cryptocloudwithdrawals.testsupport;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of {@link KafkaBrokerProcess} nodes, each broker and controller, every node a
 * voter, of one Kafka version: one node with the settings of a broker for tests, or several with
 * a replication factor of their number and {@code min.insync.replicas} one less, as production
 * runs. A test stops or kills one node at a time; the others go on. Nodes still running when the
 * test JVM exits are killed.
 */
public final class KafkaProcessCluster implements AutoCloseable {

    private static final Set<KafkaBrokerProcess> RUNNING = ConcurrentHashMap.newKeySet();
    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(KafkaBrokerProcess::close),
                "kafka-process-reaper"));
    }

    private final List<KafkaBrokerProcess> nodes;
    private final Path directory;

    private KafkaProcessCluster(List<KafkaBrokerProcess> nodes, Path directory) {
        this.nodes = nodes;
        this.directory = directory;
    }

    /** Formats and starts the nodes, and returns once every one of them is a live broker of the cluster. */
    public static KafkaProcessCluster start(String version, int size) {
        Path directory = createDirectory(version);
        int[] ports = LoopbackPorts.freePorts(2 * size);
        String voters = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports[2 * i + 1]).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaBrokerProcess> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            KafkaBrokerProcess node = new KafkaBrokerProcess(i + 1, version, directory.resolve("node-" + (i + 1)),
                    settings(i + 1, ports[2 * i], ports[2 * i + 1], voters, size), ports[2 * i]);
            node.format(clusterId);
            nodes.add(node);
        }
        KafkaProcessCluster cluster = new KafkaProcessCluster(nodes, directory);
        nodes.forEach(cluster::start);
        cluster.awaitBrokers(size);
        return cluster;
    }

    private static Properties settings(int nodeId, int clientPort, int controllerPort, String voters, int size) {
        Properties settings = new Properties();
        settings.putAll(EmbeddedKafkaBroker.TEST_SETTINGS);
        String replicas = String.valueOf(size);
        String minInSync = String.valueOf(Math.max(1, size - 1));
        settings.putAll(Map.of("default.replication.factor", replicas, "offsets.topic.replication.factor", replicas,
                "transaction.state.log.replication.factor", replicas, "transaction.state.log.min.isr", minInSync,
                "min.insync.replicas", minInSync));
        settings.setProperty("process.roles", "broker,controller");
        settings.setProperty("node.id", String.valueOf(nodeId));
        settings.setProperty("controller.quorum.voters", voters);
        settings.setProperty("controller.listener.names", "CONTROLLER");
        settings.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        settings.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.setProperty("inter.broker.listener.name", "PLAINTEXT");
        return settings;
    }

    /** Every node's client listener: clients reach the cluster while any one of them runs. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaBrokerProcess::bootstrapServer).collect(Collectors.joining(","));
    }

    public Map<String, Object> clientProperties() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    public KafkaBrokerProcess node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    /** Starts a stopped or killed node again and returns once the cluster counts it as a broker again. */
    public void restart(KafkaBrokerProcess node) {
        start(node);
        awaitBrokers(nodes.size());
    }

    private void start(KafkaBrokerProcess node) {
        node.start();
        RUNNING.add(node);
    }

    /** The node leading the partition, and the nodes in its in-sync replica set, as the cluster says now. */
    public TopicDescription describe(String topic) {
        try (Admin admin = Admin.create(clientProperties())) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        } catch (Exception e) {
            throw new IllegalStateException("could not describe " + topic, e);
        }
    }

    /** The node leading partition 0 of the topic. */
    public KafkaBrokerProcess leaderOf(String topic) {
        Node leader = describe(topic).partitions().get(0).leader();
        if (leader == null || leader.isEmpty()) {
            throw new IllegalStateException(topic + " has no leader");
        }
        return node(leader.id());
    }

    /** Waits until partition 0 of the topic has every node of the cluster in sync again. */
    public void awaitFullyInSync(String topic, Duration timeout) {
        waitFor("every node in sync on " + topic).atMost(timeout).ignoreExceptions()
                .until(() -> describe(topic).partitions().get(0).isr().size() == nodes.size());
    }

    private void awaitBrokers(int count) {
        waitFor(count + " live Kafka brokers at " + bootstrapServers()).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    try (Admin admin = Admin.create(clientProperties())) {
                        return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == count;
                    }
                });
    }

    /** Kills every node still running, keeps the nodes' logs beside the services' and deletes the rest. */
    @Override
    public void close() {
        Path logs = Path.of(System.getProperty("service.logs", "target/service-logs"));
        nodes.forEach(node -> {
            node.close();
            RUNNING.remove(node);
        });
        try (var paths = Files.walk(directory)) {
            Files.createDirectories(logs);
            for (KafkaBrokerProcess node : nodes) {
                Path log = directory.resolve("node-" + node.nodeId()).resolve("broker.log");
                if (Files.exists(log)) {
                    Files.copy(log, logs.resolve(directory.getFileName() + "-node-" + node.nodeId() + ".log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }

    private static Path createDirectory(String version) {
        try {
            return Files.createTempDirectory("kafka-" + version + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for Kafka " + version, e);
        }
    }
}
