package io.github.cryptocloudwithdrawals.benchmark;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.InJvmService;
import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import io.github.cryptocloudwithdrawals.testsupport.Samples;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What every benchmark runs against, all on 127.0.0.1 in this JVM: one Kafka broker (KRaft), one
 * CryptoCloud sandbox (its answer scripted per benchmark), and the clients a user's backend would
 * use to publish commands and watch topics.
 */
final class BenchEnvironment implements AutoCloseable {

    static final String SERVICE_KEY = "bench-service-key";
    static final String NAIVE_KEY = "bench-naive-key";

    final EmbeddedKafkaBroker broker;
    final CryptoCloudSandbox sandbox;
    final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final String runId = UUID.randomUUID().toString().substring(0, 6);

    private BenchEnvironment(EmbeddedKafkaBroker broker, CryptoCloudSandbox sandbox) {
        this.broker = broker;
        this.sandbox = sandbox;
        this.admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, "0"));
    }

    static BenchEnvironment start() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        CryptoCloudSandbox sandbox = CryptoCloudSandbox.start(SandboxSettings.forApiKey(SERVICE_KEY));
        return new BenchEnvironment(broker, sandbox);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A topic or group name no earlier run of this JVM used. */
    String name(String prefix) {
        return "bench-" + prefix + "-" + runId;
    }

    /** Creates a topic; with logAppendTime the broker stamps each record with the time it appended it. */
    void createTopic(String topic, int partitions, boolean logAppendTime) {
        NewTopic newTopic = new NewTopic(topic, partitions, (short) 1);
        if (logAppendTime) {
            newTopic.configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        }
        try {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + topic, e);
        }
    }

    /** Publishes one record and waits for Kafka's acknowledgement. */
    void publish(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e.getCause());
        }
    }

    /** Publishes many records as fast as Kafka takes them (batched), and waits for all acknowledgements. */
    void publishAll(String topic, int count, java.util.function.IntFunction<String[]> keyAndValue) {
        try (KafkaProducer<String, byte[]> bulk = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024)))) {
            for (int i = 0; i < count; i++) {
                String[] record = keyAndValue.apply(i);
                bulk.send(new ProducerRecord<>(topic, record[0], record[1].getBytes(StandardCharsets.UTF_8)));
            }
            bulk.flush();
        }
    }

    /** Records in the topic (sum of end offsets over its partitions). */
    long endOffset(String topic) {
        try {
            Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return 0;
            }
            throw new IllegalStateException("could not read the end of " + topic, e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("could not read the end of " + topic, e);
        }
    }

    /** Records of the topic the group has not committed yet. */
    long lag(String group, String topic) {
        try {
            long end = endOffset(topic);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long done = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
            return end - done;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the lag of " + group + " on " + topic, e);
        }
    }

    /** The timestamps of records at the given offsets of partition 0 (LogAppendTime on such topics). */
    long[] timestamps(String topic, long... offsets) {
        long[] timestamps = new long[offsets.length];
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1"))) {
            consumer.assign(List.of(partition));
            for (int i = 0; i < offsets.length; i++) {
                long offset = offsets[i];
                consumer.seek(partition, offset);
                timestamps[i] = waitFor("the record at offset " + offset + " of " + topic).atMost(Duration.ofSeconds(20))
                        .pollInSameThread().until(() -> {
                            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                                if (record.offset() == offset) {
                                    return Optional.of(record);
                                }
                            }
                            return Optional.<ConsumerRecord<byte[], byte[]>>empty();
                        }, Optional::isPresent).get().timestamp();
            }
        }
        return timestamps;
    }

    /** The planned start (epoch ms) of every call the service recorded in its ledger, in order. */
    List<Long> plannedCallStarts(String ledgerTopic) {
        List<Long> starts = new java.util.ArrayList<>();
        TopicPartition partition = new TopicPartition(ledgerTopic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            waitFor(ledgerTopic + " read up to offset " + end).atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                if (consumer.position(partition) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        var state = record.headers().lastHeader("state");
                        var started = record.headers().lastHeader("call_started_ms");
                        if (state != null && started != null
                                && "in_flight".equals(new String(state.value(), StandardCharsets.UTF_8))) {
                            starts.add(Long.parseLong(new String(started.value(), StandardCharsets.UTF_8)));
                        }
                    }
                }
                return consumer.position(partition) >= end;
            });
        }
        return starts;
    }

    /** A plain consumer of the topic, from the beginning, in its own group. */
    KafkaConsumer<String, String> reader(String... topics) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, name("reader-" + UUID.randomUUID().toString().substring(0, 6)),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    /** Payout calls the sandbox received with this API key, in arrival order. */
    List<RecordedRequest> payoutCalls(String apiKey) {
        String authorization = "Token " + apiKey;
        return sandbox.requests().stream()
                .filter(r -> CryptoCloudSandbox.PAYOUT_PATH.equals(r.path()) && authorization.equals(r.header("Authorization")))
                .collect(Collectors.toList());
    }

    /** A valid command as a user's backend would publish it. */
    static String validCommand(String requestId, String amount) {
        return Samples.tronPayout(requestId, amount);
    }

    /**
     * The service in this JVM ({@link InJvmService}) against this environment's broker and sandbox
     * with its own topics and these settings, once it is ready. Benchmarks stop it with
     * {@link #stopInBackground}.
     */
    InJvmService startService(ServiceTopics topics, Map<String, String> settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap-servers", bootstrapServers());
        properties.put("cryptocloud.base-url", sandbox.baseUrl());
        properties.put("cryptocloud.api-key", SERVICE_KEY);
        properties.put("camel.main.shutdown-timeout", "5");
        properties.putAll(topics.properties());
        properties.putAll(settings);
        InJvmService service = InJvmService.start(properties);
        try {
            return service.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /**
     * Stops the service in the background: a graceful stop waits out each Kafka consumer's poll
     * (5 s each, one after the other), and the next measurement need not wait for it. The stopping
     * service is idle: its consumers are paused.
     */
    static void stopInBackground(InJvmService service, String name) {
        Background.run("stop " + name, service::close);
    }

    /**
     * The packaged jar ({@link ServiceProcess}) as the Dockerfile runs it (no JVM options), against
     * this environment's broker and sandbox with its own topics; its log is {@code <workDir>/<name>.log}.
     * Returns at once.
     */
    ServiceProcess launchJar(Path jar, Path workDir, String name, ServiceTopics topics) {
        return launchJar(jar, workDir, name, topics, Map.of());
    }

    /** @param more variables on top of the service's settings (e.g. the OpenTelemetry agent's) */
    ServiceProcess launchJar(Path jar, Path workDir, String name, ServiceTopics topics, Map<String, String> more) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        environment.put("CRYPTOCLOUD_API_KEY", SERVICE_KEY);
        environment.put("CRYPTOCLOUD_BASE_URL", sandbox.baseUrl());
        environment.put("MANAGEMENT_PORT", Integer.toString(LoopbackPorts.freePort()));
        environment.putAll(topics.environment());
        environment.putAll(more);
        return new ServiceProcess.Launcher(jar, jarOptions(), Map.of("MANAGEMENT_BIND_ADDRESS", "127.0.0.1"), workDir)
                .start(name, environment);
    }

    /**
     * The JVM options of the jar's processes: none, as the Dockerfile runs it, unless
     * {@code -Dbench.jarOptions} gives some (e.g. those of deploy/kubernetes, to size its memory).
     */
    static List<String> jarOptions() {
        String options = System.getProperty("bench.jarOptions", "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        sandbox.close();
        broker.close();
    }
}
