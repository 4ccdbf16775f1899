package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.InJvmService;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the real service (application.properties, the YAML routes, the real beans) in the test
 * JVM against a real Kafka broker and the CryptoCloud sandbox ({@link InJvmService}), once per
 * test class. Each test class gets its own topics and consumer groups, so classes never see each
 * other's records; each test publishes its own commands, so tests never depend on one another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class PipelineTestSupport {

    protected static final String API_KEY = "cc-test-key-" + UUID.randomUUID();

    private String run;
    private CryptoCloudSandbox sandbox;
    private ResultTopics results;
    private KafkaProducer<String, byte[]> producer;
    /** The service's settings, as started last. */
    private final Map<String, String> properties = new LinkedHashMap<>();
    private InJvmService service;

    @BeforeAll
    void startTheService() {
        run = getClass().getSimpleName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        sandbox = CryptoCloudSandbox.start(sandboxSettings());
        Map<String, Object> client = kafkaClient();
        results = new ResultTopics(client, succeededTopic(), failedTopic());
        Map<String, Object> producerSettings = new HashMap<>(client);
        producerSettings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerSettings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(producerSettings);
        Properties settings = new Properties();
        settings.put("kafka.bootstrap-servers", client.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        settings.put("kafka.group-id", "service-" + run);
        settings.put("withdrawal.commands-topic", commandsTopic());
        settings.put("withdrawal.succeeded-topic", succeededTopic());
        settings.put("withdrawal.failed-topic", failedTopic());
        settings.put("withdrawal.submissions-topic", submissionsTopic());
        settings.put("withdrawal.ledger-topic", ledgerTopic());
        settings.put("cryptocloud.base-url", sandbox.baseUrl());
        settings.put("cryptocloud.api-key", API_KEY);
        settings.put("cryptocloud.min-interval-ms", String.valueOf(minIntervalMillis()));
        settings.put("cryptocloud.timeout-ms", "1500");
        settings.put("cryptocloud.fault-backoff-initial-ms", "50");
        settings.put("cryptocloud.fault-backoff-max-ms", "400");
        settings.put("camel.main.shutdown-timeout", "5");
        overrideSettings(settings);
        beforeServiceStarts();
        settings.stringPropertyNames().forEach(name -> properties.put(name, settings.getProperty(name)));
        service = InJvmService.start(properties);
    }

    /**
     * Stops the service as a SIGTERM would and starts it again with these settings changed, as an
     * operator fixes a setting and restarts: same topics, groups and ledger.
     */
    protected void restartWith(Map<String, String> changedSettings) {
        service.close();
        properties.putAll(changedSettings);
        service = InJvmService.start(properties);
    }

    /** The running service's Camel context. */
    protected CamelContext context() {
        return service.context();
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
    protected HttpResponse<String> management(String path) {
        return service.management(path);
    }

    /**
     * The messages of the readiness checks that are DOWN, as an operator reads them. Camel's
     * management server (4.18) escapes a message before it writes the JSON, which escapes it
     * again: a '/' reaches the client as {@code \\\/}; that second escape is undone here.
     */
    protected List<String> readinessReasons() {
        try {
            JsonNode checks = JsonMapping.MAPPER.readTree(management("/observe/health/ready").body()).path("checks");
            List<String> reasons = new ArrayList<>();
            checks.forEach(check -> {
                if ("DOWN".equals(check.path("status").asText())) {
                    reasons.add(check.path("name").asText() + ": " + check.path("message").asText().replace("\\/", "/"));
                }
            });
            return reasons;
        } catch (IOException e) {
            throw new UncheckedIOException("the readiness answer is not JSON", e);
        }
    }

    /** Waits until the readiness check answers this status. */
    protected void awaitReadiness(int status) {
        waitFor("readiness answering " + status).atMost(Duration.ofSeconds(30))
                .until(() -> management("/observe/health/ready").statusCode() == status);
    }

    protected CryptoCloudSandbox sandbox() {
        return sandbox;
    }

    protected ResultTopics results() {
        return results;
    }

    protected String succeededTopic() {
        return "succeeded-" + run;
    }

    protected String failedTopic() {
        return "failed-" + run;
    }

    protected String ledgerTopic() {
        return "ledger-" + run;
    }

    /** The service's ledger topic, read back from outside (and written to, as another client may). */
    protected LedgerTopic ledger() {
        return new LedgerTopic(kafkaClient(), ledgerTopic());
    }

    private String commandsTopic() {
        return "commands-" + run;
    }

    /** The default account's queue of accepted commands (the intake's output, the submitter's input). */
    protected String submissionsTopic() {
        return "submissions-" + run;
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

    /** Publishes one command record as a user's backend would, and waits for Kafka's acknowledgement. */
    protected void publish(String key, String value, String... headerPairs) {
        publish(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), headerPairs);
    }

    protected void publish(String key, byte[] value, String... headerPairs) {
        publishTo(commandsTopic(), key, value, headerPairs);
    }

    /** Publishes one record to any topic, and waits for Kafka's acknowledgement. */
    protected void publishTo(String topic, String key, byte[] value, String... headerPairs) {
        publishTo(topic, null, key, value, headerPairs);
    }

    /** @param timestamp the record's timestamp as a producer with its own clock sets it; {@code null}: now */
    protected void publishTo(String topic, Long timestamp, String key, byte[] value, String... headerPairs) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, timestamp, key, value);
        for (int i = 0; i < headerPairs.length; i += 2) {
            record.headers().add(headerPairs[i], headerPairs[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not publish a command", e);
        }
    }

    protected String requestId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    void stopTheService() throws InterruptedException {
        if (service != null) {
            service.close();
        }
        producer.close();
        results.close();
        sandbox.close();
    }
}
