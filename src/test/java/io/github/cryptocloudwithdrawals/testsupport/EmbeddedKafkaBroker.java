package io.github.cryptocloudwithdrawals.testsupport;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) running inside the
 * test JVM on 127.0.0.1, so tests exercise the real protocol without Docker. Its version must match
 * the kafka-clients on the classpath (4.3.1, from Camel's BOM): a broker of another version in the
 * same JVM fails with {@code NoSuchMethodError}. A 4.x broker formats its storage with transaction
 * version 2 (KIP-890) enabled, as a new production cluster does; brokers of another version run as
 * processes ({@link KafkaBrokerProcess}).
 *
 * <p>Everything is sized for one node: replication factors 1, one partition for the offsets topic,
 * no rebalance delay, and an 8 MiB log-cleaner buffer (the 128 MiB default costs heap per broker).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    /** Username and password end up inside a JAAS config line; this keeps them from breaking it. */
    private static final Pattern SAFE_CREDENTIAL = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * How a broker for tests differs from a stock one, whatever runs it (this class, or the
     * container of {@link KafkaContainerBroker}): sized for one node, and quick to act.
     */
    static final Map<String, String> TEST_SETTINGS = Map.ofEntries(
            Map.entry("num.partitions", "1"),
            Map.entry("default.replication.factor", "1"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            // the service writes its ledger in transactions: one partition keeps the first one quick
            Map.entry("transaction.state.log.num.partitions", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024)),
            // retention is enforced within a test's time (every 5 min on a stock broker), so a test
            // can show what a topic's retention does to records waiting in it
            Map.entry("log.retention.check.interval.ms", "1000"),
            Map.entry("log.initial.task.delay.ms", "0"),
            Map.entry("auto.create.topics.enable", "true"));

    private final KafkaConfig config;
    private final Path logDir;
    /** Whether the log directory outlives the broker ({@link #startKeeping}). */
    private final boolean keepsLogDir;
    private final Map<String, Object> clientProperties;
    private final TcpProxy proxy;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaConfig config, KafkaRaftServer server, Path logDir, boolean keepsLogDir,
                                Map<String, Object> clientProperties, TcpProxy proxy) {
        this.config = config;
        this.server = server;
        this.logDir = logDir;
        this.keepsLogDir = keepsLogDir;
        this.clientProperties = Map.copyOf(clientProperties);
        this.proxy = proxy;
    }

    /** Starts a broker with a single PLAINTEXT client listener. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a broker with a single PLAINTEXT client listener and these broker settings on top of
     * the usual ones, e.g. a log cleaner that wakes up more often than every 15 s.
     */
    public static EmbeddedKafkaBroker start(Map<String, String> brokerSettings) {
        return startRetryingOnBindFailure(ClientListener.plaintext(), brokerSettings, false);
    }

    /**
     * A broker for trials ({@code mvn -q -Pkafka}): its client listener on this port of 127.0.0.1
     * (its controller on the next one), its data in this directory, formatted the first time and
     * kept when it stops, so that a restart finds its topics, offsets and the service's ledger.
     */
    public static EmbeddedKafkaBroker startKeeping(Path logDir, int clientPort) {
        return startOnce(ClientListener.plaintext(), Map.of(), false, logDir, clientPort);
    }

    /**
     * Starts a broker with a second PLAINTEXT listener that clients reach through a {@link TcpProxy}
     * ({@link #proxiedBootstrapServers()}, {@link #proxy()}): the broker advertises the proxy's
     * address on it, so a client bootstrapped there talks to the broker through the proxy only,
     * and cutting the proxy cuts that client off while every other one carries on.
     */
    public static EmbeddedKafkaBroker startWithProxiedListener() {
        return startRetryingOnBindFailure(ClientListener.plaintext(), Map.of(), true);
    }

    /** The bootstrap address of the proxied listener (see {@link #startWithProxiedListener()}). */
    public String proxiedBootstrapServers() {
        return "127.0.0.1:" + proxy().port();
    }

    /** The proxy in front of the proxied listener (see {@link #startWithProxiedListener()}). */
    public TcpProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("the broker was started without a proxied listener");
        }
        return proxy;
    }

    /**
     * Starts a broker whose only client listener is SASL_PLAINTEXT with mechanism PLAIN, accepting
     * exactly this user. Clients need the settings of {@link #clientProperties()} to connect.
     */
    public static EmbeddedKafkaBroker startWithSaslPlain(String user, String password) {
        return startRetryingOnBindFailure(ClientListener.saslPlain(user, password), Map.of(), false);
    }

    /**
     * Starts a broker that authorizes every request (KRaft's StandardAuthorizer, nothing allowed
     * without an ACL) on a SASL_PLAINTEXT listener: this admin user logs in with PLAIN and may do
     * anything ({@link #clientProperties()}: the test's own clients), every other user logs in with
     * SCRAM-SHA-512, once given credentials (Admin#alterUserScramCredentials), and may do what its ACLs allow.
     */
    public static EmbeddedKafkaBroker startAuthorizing(String adminUser, String adminPassword) {
        return startRetryingOnBindFailure(ClientListener.saslPlainAndScram(adminUser, adminPassword), Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                // the admin, who is the broker itself too; ANONYMOUS is the broker on the controller listener
                "super.users", "User:" + adminUser + ";User:ANONYMOUS",
                "allow.everyone.if.no.acl.found", "false"), false);
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return (String) clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Bootstrap servers plus the security settings a client needs (none for the PLAINTEXT broker). */
    public Map<String, Object> clientProperties() {
        return clientProperties;
    }

    /** Visible to this package's tests, which check that close() cleans up. */
    Path logDirectory() {
        return logDir;
    }

    /** Creates the topic and waits until every partition has a leader; does nothing if it exists. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(clientProperties)) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                        .all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + name, e.getCause());
                }
            }
            awaitLeaders(admin, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + name, e);
        }
    }

    /**
     * Stops the broker as an operator would (a controlled shutdown), keeping its log directory:
     * clients see it go away until {@link #startAgain()}. Does nothing if it is already stopped.
     */
    public synchronized void stop() {
        if (closed) {
            throw new IllegalStateException("the broker is closed");
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /**
     * Starts a stopped broker again on the same ports and log directory: same cluster, same
     * topics, records and committed offsets; clients that kept running reconnect by themselves.
     */
    public synchronized void startAgain() {
        if (closed) {
            throw new IllegalStateException("the broker is closed");
        }
        if (server != null) {
            throw new IllegalStateException("the broker is running");
        }
        KafkaRaftServer restarted = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            restarted.startup();
        } catch (RuntimeException e) {
            restarted.shutdown();
            throw e;
        }
        server = restarted;
    }

    /** Stops the broker, waits for it to finish, and deletes its log directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
        if (!keepsLogDir) {
            deleteRecursively(logDir);
        }
    }

    /**
     * Free ports are probed and released before Kafka binds them (the controller port cannot be 0:
     * it is part of the static voter list), so another process may grab one in between. That race
     * is rare; one retry with fresh ports is enough.
     */
    private static EmbeddedKafkaBroker startRetryingOnBindFailure(ClientListener listener,
                                                                  Map<String, String> brokerSettings, boolean proxied) {
        try {
            return startOnce(listener, brokerSettings, proxied, null, 0);
        } catch (RuntimeException e) {
            if (!isBindFailure(e)) {
                throw e;
            }
            return startOnce(listener, brokerSettings, proxied, null, 0);
        }
    }

    /**
     * @param keptLogDir the broker's data, kept when it stops; {@code null}: a new directory, deleted then
     * @param clientPort the client listener's port, the controller's the next; 0: free ports
     */
    private static EmbeddedKafkaBroker startOnce(ClientListener listener, Map<String, String> brokerSettings,
                                                 boolean proxied, Path keptLogDir, int clientPort) {
        Path logDir = keptLogDir != null ? keptLogDir : createTempDir();
        KafkaRaftServer server = null;
        TcpProxy proxy = null;
        try {
            int[] ports = clientPort == 0 ? LoopbackPorts.freePorts(3) : new int[] {clientPort, clientPort + 1};
            Properties properties = brokerProperties(listener, ports[0], ports[1], logDir);
            if (proxied) {
                proxy = new TcpProxy("127.0.0.1", ports[2]);
                properties.put("listeners", properties.get("listeners") + ",PROXIED://127.0.0.1:" + ports[2]);
                properties.put("advertised.listeners", properties.get("advertised.listeners")
                        + ",PROXIED://127.0.0.1:" + proxy.port());
                properties.put("listener.security.protocol.map", properties.get("listener.security.protocol.map")
                        + ",PROXIED:PLAINTEXT");
            }
            properties.putAll(brokerSettings);
            KafkaConfig config = new KafkaConfig(properties, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                formatStorage(logDir);
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return new EmbeddedKafkaBroker(config, server, logDir, keptLogDir != null,
                    listener.clientProperties("127.0.0.1:" + ports[0]), proxy);
        } catch (RuntimeException e) {
            if (server != null) {
                // startup() has already stopped whatever part failed; this stops the part that ran.
                server.shutdown();
            }
            if (proxy != null) {
                proxy.close();
            }
            if (keptLogDir == null) {
                deleteRecursively(logDir);
            }
            throw e;
        }
    }

    private static Properties brokerProperties(ClientListener listener, int clientPort, int controllerPort,
                                               Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", listener.name() + "://127.0.0.1:" + clientPort
                + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", listener.name() + "://127.0.0.1:" + clientPort);
        props.put("listener.security.protocol.map",
                listener.name() + ":" + listener.name() + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", listener.name());
        props.put("log.dirs", logDir.toString());
        props.putAll(TEST_SETTINGS);
        props.putAll(listener.brokerProperties());
        return props;
    }

    /** What {@code kafka-storage.sh format} does: writes meta.properties and the bootstrap metadata. */
    private static void formatStorage(Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + logDir, e);
        }
    }

    private static void awaitLeaders(Admin admin, String topic) {
        Waits.waitFor("a leader for every partition of " + topic).atMost(TOPIC_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> everyPartitionHasALeader(admin, topic));
    }

    private static boolean everyPartitionHasALeader(Admin admin, String topic) throws Exception {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            // The broker's metadata can trail the controller by a moment right after creation.
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new IllegalStateException("Could not describe topic " + topic, e.getCause());
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a Kafka log directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dir, e);
        }
    }

    /** The listener clients connect to, with what the broker and its clients must configure for it. */
    private record ClientListener(String name, Map<String, String> brokerProperties,
                                  Map<String, String> clientSecurity) {

        static ClientListener plaintext() {
            return new ClientListener("PLAINTEXT", Map.of(), Map.of());
        }

        static ClientListener saslPlain(String user, String password) {
            requireSafe("user", user);
            requireSafe("password", password);
            String prefix = "listener.name.sasl_plaintext.plain.";
            Map<String, String> broker = Map.of(
                    "sasl.enabled.mechanisms", "PLAIN",
                    "sasl.mechanism.inter.broker.protocol", "PLAIN",
                    // The broker logs in as this user for its own inter-broker connections and
                    // accepts it (user_<name>) from clients.
                    prefix + SaslConfigs.SASL_JAAS_CONFIG,
                    plainLogin(user, password) + " user_" + user + "=\"" + password + "\";");
            Map<String, String> client = Map.of(
                    CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                    SaslConfigs.SASL_MECHANISM, "PLAIN",
                    SaslConfigs.SASL_JAAS_CONFIG, plainLogin(user, password) + ";");
            return new ClientListener("SASL_PLAINTEXT", broker, client);
        }

        /** {@link #saslPlain}, and SCRAM-SHA-512 for the users given SCRAM credentials once the broker runs. */
        static ClientListener saslPlainAndScram(String adminUser, String adminPassword) {
            ClientListener plain = saslPlain(adminUser, adminPassword);
            Map<String, String> broker = new HashMap<>(plain.brokerProperties());
            broker.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
            broker.put("listener.name.sasl_plaintext.scram-sha-512." + SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            return new ClientListener(plain.name(), Map.copyOf(broker), plain.clientSecurity());
        }

        Map<String, Object> clientProperties(String bootstrapServers) {
            Map<String, Object> props = new HashMap<>(clientSecurity);
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return props;
        }

        /** A JAAS entry without its closing semicolon, so the broker can append its user list. */
        private static String plainLogin(String user, String password) {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"" + user + "\" password=\"" + password + "\"";
        }

        private static void requireSafe(String what, String value) {
            if (value == null || !SAFE_CREDENTIAL.matcher(value).matches()) {
                throw new IllegalArgumentException(what + " must match " + SAFE_CREDENTIAL.pattern());
            }
        }
    }
}
