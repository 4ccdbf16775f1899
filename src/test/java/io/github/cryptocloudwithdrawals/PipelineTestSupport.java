package io.github.cryptocloudwithdrawals;

import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic;
import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the real service (application.properties, the YAML routes, the real beans) in the test
 * JVM against a real Kafka broker and the CryptoCloud sandbox. Each test class gets its own
 * topics and consumer groups, so classes never see each other's records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PipelineTestSupport extends CamelMainTestSupport {

    protected static final String API_KEY = "cc-test-key-" + UUID.randomUUID();

    // CamelTestSupport asks for the settings from its constructor, before this class's fields
    // exist: the per-class resources are created on first use instead.
    private static final Map<Class<?>, Fixture> FIXTURES = new ConcurrentHashMap<>();

    /** What one test class runs against: its own topics, sandbox and clients. */
    private static final class Fixture {
        final String run;
        final CryptoCloudSandbox sandbox;
        final ResultTopics results;
        final int managementPort = LoopbackPorts.freePort();
        final KafkaProducer<String, byte[]> producer;

        Fixture(PipelineTestSupport test) {
            run = test.getClass().getSimpleName() + "-" + UUID.randomUUID().toString().substring(0, 8);
            sandbox = CryptoCloudSandbox.start(test.sandboxSettings());
            Map<String, Object> client = test.kafkaClient();
            results = new ResultTopics(client, "succeeded-" + run, "failed-" + run);
            Map<String, Object> producerSettings = new java.util.HashMap<>(client);
            producerSettings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producerSettings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(producerSettings);
        }
    }

    /** How the sandbox of this test class behaves: by default it knows {@link #API_KEY} and limits no rate. */
    protected SandboxSettings sandboxSettings() {
        return SandboxSettings.forApiKey(API_KEY);
    }

    /** How the test's own clients reach the broker the service uses. */
    protected Map<String, Object> kafkaClient() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    }

    /** GET on the service's management port: status code and body. */
    protected java.net.http.HttpResponse<String> management(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + fixture().managementPort + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Fixture fixture() {
        return FIXTURES.computeIfAbsent(getClass(), testClass -> new Fixture(this));
    }

    protected CryptoCloudSandbox sandbox() {
        return fixture().sandbox;
    }

    protected ResultTopics results() {
        return fixture().results;
    }

    protected String succeededTopic() {
        return "succeeded-" + fixture().run;
    }

    protected String failedTopic() {
        return "failed-" + fixture().run;
    }

    protected String ledgerTopic() {
        return "ledger-" + fixture().run;
    }

    /** The service's ledger topic, read back from outside (and written to, as another client may). */
    protected LedgerTopic ledger() {
        return new LedgerTopic(kafkaClient(), ledgerTopic());
    }

    private String commandsTopic() {
        return "commands-" + fixture().run;
    }

    /** The default account's queue of accepted commands (the intake's output, the submitter's input). */
    protected String submissionsTopic() {
        return "submissions-" + fixture().run;
    }

    /** The interval the service keeps between calls in these tests. */
    protected long minIntervalMillis() {
        return 200;
    }

    /** Settings a test class changes on top of the common ones. */
    protected void overrideSettings(Properties settings) {
    }

    /** What a test class prepares before the service starts, e.g. topics created as an operator would ({@link #createTopic}). */
    protected void beforeServiceStarts() {
    }

    /** Creates a one-partition topic with these settings, as an operator would. */
    protected void createTopic(String name, Map<String, String> settings) {
        try (Admin admin = Admin.create(kafkaClient())) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(settings))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the topic " + name, e);
        }
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(WithdrawalsConfiguration.class);
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        Properties settings = new Properties();
        settings.put("kafka.bootstrap-servers", kafkaClient().get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        settings.put("kafka.group-id", "service-" + fixture().run);
        settings.put("withdrawal.commands-topic", commandsTopic());
        settings.put("withdrawal.succeeded-topic", succeededTopic());
        settings.put("withdrawal.failed-topic", failedTopic());
        settings.put("withdrawal.submissions-topic", submissionsTopic());
        settings.put("withdrawal.ledger-topic", ledgerTopic());
        settings.put("cryptocloud.base-url", sandbox().baseUrl());
        settings.put("cryptocloud.api-key", API_KEY);
        settings.put("cryptocloud.min-interval-ms", String.valueOf(minIntervalMillis()));
        settings.put("cryptocloud.timeout-ms", "1500");
        settings.put("cryptocloud.fault-backoff-initial-ms", "50");
        settings.put("cryptocloud.fault-backoff-max-ms", "400");
        settings.put("camel.main.shutdown-timeout", "5");
        settings.put("management.port", String.valueOf(fixture().managementPort));
        settings.put("management.bind-address", "127.0.0.1");
        overrideSettings(settings);
        context.withUseOverridePropertiesWithPropertiesComponent(settings);
        beforeServiceStarts();
    }

    /** Publishes one command record as a user's backend would, and waits for Kafka's acknowledgement. */
    protected void publish(String key, String value, String... headerPairs) {
        publish(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), headerPairs);
    }

    protected void publish(String key, byte[] value, String... headerPairs) {
        publishTo(commandsTopic(), key, value, headerPairs);
    }

    /** Publishes one record to any topic, and waits for Kafka's acknowledgement. */
    protected void publishTo(String topic, String key, byte[] value, String... headerPairs) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        for (int i = 0; i < headerPairs.length; i += 2) {
            record.headers().add(headerPairs[i], headerPairs[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        try {
            fixture().producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not publish a command", e);
        }
    }

    protected static String command(String requestId, String currency, String address, String amountJson) {
        return "{\"request_id\":\"" + requestId + "\",\"currency_code\":\"" + currency + "\",\"to_address\":\""
                + address + "\",\"amount\":" + amountJson + "}";
    }

    protected String requestId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    void closeTestClients() throws InterruptedException {
        Fixture fixture = FIXTURES.remove(getClass());
        fixture.producer.close();
        fixture.results.close();
        fixture.sandbox.close();
    }
}
