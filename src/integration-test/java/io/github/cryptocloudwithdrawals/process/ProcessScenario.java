package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic.LedgerRecord;
import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One process-level scenario: one deployment with its own commands and result topics, consumer
 * group, API key and result reader (its internal topics derive from its commands topic, as with
 * only the SPEC's settings), a CryptoCloud sandbox, and the service processes started against
 * them one after the other. {@link #anotherDeployment} adds a second deployment on the same
 * broker and sandbox, with its own key.
 *
 * <p>Every command gets a distinct amount, in all deployments of the scenario, so each request
 * the sandbox received can be traced back to its {@code request_id} (the API request carries only
 * currency, address and amount).
 */
final class ProcessScenario implements AutoCloseable {

    /** How the scenarios launch the packaged service. */
    static final ServiceProcess.Launcher LAUNCHER = ServiceProcess.Launcher.forTests();
    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern AMOUNT = Pattern.compile("\"amount\":([0-9.eE+-]+)");

    final String run;
    final String apiKey;
    /** The key of a second account, for scenarios that configure one ({@link #withTreasuryAccount()}). */
    final String treasuryKey;
    /** The key of the deployment {@link #anotherDeployment} adds. */
    private final String anotherDeploymentKey;
    final CryptoCloudSandbox sandbox;
    final long intervalMillis;
    private final boolean ownsSandbox;
    private final String bootstrapServers;
    private final String commandsTopic;
    private final Map<String, Object> clientProperties;
    private final ResultTopics results;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, String> settings = new LinkedHashMap<>();
    /** Shared by the deployments of the scenario: every command's amount is distinct. */
    private final Map<String, BigDecimal> amounts;
    /** This deployment's commands, in publication order. */
    private final Set<String> requestIds = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    private final Map<String, String> accounts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private ServiceProcess.Launcher launcher = LAUNCHER;
    /** Deployments added by {@link #anotherDeployment}, closed with this one. */
    private final List<ProcessScenario> others = new ArrayList<>();
    private final List<Long> crashes = new ArrayList<>();
    private int sentinels;

    ProcessScenario(String name, String bootstrapServers, long intervalMillis) {
        this(name, Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), intervalMillis);
    }

    /** @param clientProperties how the test's own clients reach the broker (bootstrap servers, security) */
    ProcessScenario(String name, Map<String, Object> clientProperties, long intervalMillis) {
        this(name, clientProperties, intervalMillis, null, null, UnaryOperator.identity());
    }

    /** @param sandboxSettings changes to the sandbox's settings, e.g. HTTPS */
    ProcessScenario(String name, Map<String, Object> clientProperties, long intervalMillis,
                    UnaryOperator<SandboxSettings> sandboxSettings) {
        this(name, clientProperties, intervalMillis, null, null, sandboxSettings);
    }

    /**
     * A scenario whose deployment reads this commands topic (e.g. the default one, to try the
     * names of earlier versions); give it a broker of its own when the name is a global one.
     */
    ProcessScenario(String name, String bootstrapServers, long intervalMillis, String commandsTopic) {
        this(name, Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), intervalMillis, commandsTopic,
                null, UnaryOperator.identity());
    }

    private ProcessScenario(String name, Map<String, Object> clientProperties, long intervalMillis,
                            String commandsTopic, ProcessScenario first, UnaryOperator<SandboxSettings> sandboxSettings) {
        this.run = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.clientProperties = Map.copyOf(clientProperties);
        this.bootstrapServers = (String) clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.intervalMillis = intervalMillis;
        this.commandsTopic = commandsTopic == null ? "commands-" + run : commandsTopic;
        if (first == null) {
            apiKey = "cc-process-key-" + UUID.randomUUID();
            treasuryKey = "cc-process-treasury-" + UUID.randomUUID();
            anotherDeploymentKey = "cc-process-another-" + UUID.randomUUID();
            sandbox = CryptoCloudSandbox.start(sandboxSettings.apply(SandboxSettings.forApiKey(apiKey)
                    .withApiKeys(apiKey, treasuryKey, anotherDeploymentKey)));
            ownsSandbox = true;
            amounts = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        } else {
            apiKey = first.anotherDeploymentKey;
            treasuryKey = null;
            anotherDeploymentKey = null;
            sandbox = first.sandbox;
            ownsSandbox = false;
            amounts = first.amounts;
        }
        try (Admin admin = admin()) {
            // one partition each, as users create them; the end-offset barrier relies on it
            createTopics(admin, commandsTopic(), succeededTopic(), failedTopic());
        }
        results = new ResultTopics(clientProperties, succeededTopic(), failedTopic());
        producer = new KafkaProducer<>(client(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class.getName())));

        // only the SPEC's settings (and the test's timings): the internal names derive from the commands topic
        settings.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        settings.put("KAFKA_GROUP_ID", "service-" + run);
        settings.put("CRYPTOCLOUD_API_KEY", apiKey);
        settings.put("CRYPTOCLOUD_BASE_URL", sandbox.baseUrl());
        settings.put("CRYPTOCLOUD_MIN_INTERVAL_MS", String.valueOf(intervalMillis));
        // longer than any answer a test delays on purpose
        settings.put("CRYPTOCLOUD_TIMEOUT_MS", "10000");
        settings.put("CRYPTOCLOUD_FAULT_BACKOFF_INITIAL_MS", "100");
        settings.put("CRYPTOCLOUD_FAULT_BACKOFF_MAX_MS", "400");
        settings.put("WITHDRAWAL_COMMANDS_TOPIC", commandsTopic());
        settings.put("WITHDRAWAL_SUCCEEDED_TOPIC", succeededTopic());
        settings.put("WITHDRAWAL_FAILED_TOPIC", failedTopic());
    }

    /**
     * A second deployment on the same broker and sandbox, configured as the SPEC's users do: its
     * own group, commands and result topics, and its own API key ({@link #apiKey}); nothing else.
     * Closing this scenario closes it too, if still running.
     */
    ProcessScenario anotherDeployment(String name) {
        if (!ownsSandbox || !others.isEmpty()) {
            throw new IllegalStateException("one other deployment per scenario: its sandbox knows one more key");
        }
        ProcessScenario another = new ProcessScenario(name, clientProperties, intervalMillis, null, this, UnaryOperator.identity());
        others.add(another);
        return another;
    }

    String commandsTopic() {
        return commandsTopic;
    }

    String succeededTopic() {
        return "succeeded-" + run;
    }

    String failedTopic() {
        return "failed-" + run;
    }

    /** The consumer group of the intake of processes started from now on ({@code KAFKA_GROUP_ID}). */
    String intakeGroup() {
        return settings.get("KAFKA_GROUP_ID");
    }

    /** The internal names of the deployment as its processes are configured now. */
    DeploymentNames names() {
        return DeploymentNames.of(commandsTopic, settings.get("WITHDRAWAL_SUBMISSIONS_TOPIC"),
                settings.get("WITHDRAWAL_LEDGER_TOPIC"));
    }

    String submissionsTopic() {
        return names().submissionsTopic(null);
    }

    String ledgerTopic() {
        return names().ledgerTopic();
    }

    String submitterGroup() {
        return names().submitterGroup(null);
    }

    /** The readiness check's answer of a running process. */
    static java.net.http.HttpResponse<String> readiness(ServiceProcess process) {
        return process.management("/observe/health/ready");
    }

    /** Sets (or with {@code null} removes) an environment variable of the processes started from now on. */
    ProcessScenario set(String variable, String value) {
        if (value == null) {
            settings.remove(variable);
        } else {
            settings.put(variable, value);
        }
        return this;
    }

    /** Processes started from now on are launched by this launcher. */
    ProcessScenario launchedBy(ServiceProcess.Launcher launcher) {
        this.launcher = launcher;
        return this;
    }

    /** Processes started from now on also pay from a second account, "treasury", with its own key. */
    ProcessScenario withTreasuryAccount() {
        return set("CRYPTOCLOUD_ACCOUNTS", "treasury").set("CRYPTOCLOUD_ACCOUNT_TREASURY_API_KEY", treasuryKey);
    }

    /** Launches the service and waits until its routes are started. */
    ServiceProcess startService() {
        ServiceProcess process = launch();
        process.awaitStarted(STARTUP);
        return process;
    }

    /** Launches the service without waiting for it. */
    ServiceProcess launch() {
        Map<String, String> environment = new LinkedHashMap<>(settings);
        // several instances run side by side: each needs its own health and metrics port
        environment.putIfAbsent("MANAGEMENT_PORT", String.valueOf(LoopbackPorts.freePort()));
        ServiceProcess process = launcher.start(run + "-" + (processes.size() + 1), environment);
        processes.add(process);
        return process;
    }

    // --- commands ---------------------------------------------------------------------------

    /** Publishes a new valid command with its own amount and returns its request id. */
    String publishNew(String name) {
        String requestId = publishNewUnsent(name);
        publish(requestId);
        return requestId;
    }

    /** Publishes a new valid command for a named CryptoCloud account and returns its request id. */
    String publishNew(String name, String account) {
        String requestId = publishNewUnsent(name);
        accounts.put(requestId, account);
        publish(requestId);
        return requestId;
    }

    /** Publishes a new valid command for this amount (distinct from every other command's) and returns its request id. */
    String publishNew(String name, BigDecimal amount) {
        String requestId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        amounts.put(requestId, amount);
        publish(requestId);
        return requestId;
    }

    private String publishNewUnsent(String name) {
        String requestId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        // distinct per command, never ending in 0 (the API request carries it trailing zeros stripped)
        synchronized (amounts) {
            BigDecimal amount = new BigDecimal(String.format("%d.%05d1", amounts.size() + 1, amounts.size() + 1));
            amounts.put(requestId, amount);
        }
        requestIds.add(requestId);
        return requestId;
    }

    /** Publishes the command of this request id (again), exactly as the first time. */
    void publish(String requestId) {
        publishRaw(requestId, commandOf(requestId));
    }

    /** Registers a new valid command with its own amount, without publishing it; returns its request id. */
    String newCommand(String name) {
        return publishNewUnsent(name);
    }

    /** The command of a registered request id, as {@link #publish} sends it. */
    String commandOf(String requestId) {
        String account = accounts.get(requestId);
        return "{\"request_id\":\"" + requestId + "\","
                + (account == null ? "" : "\"account\":\"" + account + "\",")
                + "\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                + TRON_ADDRESS + "\",\"amount\":\"" + amounts.get(requestId).toPlainString() + "\"}";
    }

    /** Publishes many records (key, value) at once, in this order, and waits until Kafka acknowledged all of them. */
    void publishAll(List<String[]> keyValues) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>(keyValues.size());
        for (String[] keyValue : keyValues) {
            sent.add(producer.send(new ProducerRecord<>(commandsTopic(), keyValue[0],
                    keyValue[1].getBytes(StandardCharsets.UTF_8))));
        }
        producer.flush();
        try {
            for (java.util.concurrent.Future<?> each : sent) {
                each.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not publish the commands", e);
        }
    }

    void publishRaw(String key, String value) {
        publishRaw(key, value, Map.of());
    }

    /** Publishes one record with these record headers, as a backend's producer would. */
    void publishRaw(String key, String value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(commandsTopic(), key, value.getBytes(StandardCharsets.UTF_8));
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not publish a command", e);
        }
    }

    /** Publishes an operator's resolution (SPEC §5a) to the deployment's resolutions topic, keyed by its request id. */
    void resolve(String requestId, String resolution) {
        try {
            producer.send(new ProducerRecord<>(names().resolutionsTopic(), requestId,
                    resolution.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not publish a resolution", e);
        }
    }

    BigDecimal amountOf(String requestId) {
        return amounts.get(requestId);
    }

    /** This deployment's commands. */
    Set<String> requestIds() {
        synchronized (requestIds) {
            return new java.util.LinkedHashSet<>(requestIds);
        }
    }

    // --- what the sandbox received --------------------------------------------------------------

    /** Every call the sandbox received, from any deployment of the scenario. */
    List<RecordedRequest> calls() {
        return sandbox.requests();
    }

    /** The calls the sandbox received with this deployment's API key. */
    List<RecordedRequest> callsWithThisKey() {
        return sandbox.requests(apiKey);
    }

    /** The calls the sandbox received for this request id. */
    List<RecordedRequest> callsFor(String requestId) {
        BigDecimal amount = amounts.get(requestId);
        return calls().stream().filter(r -> amountIn(r).map(a -> a.compareTo(amount) == 0).orElse(false))
                .collect(Collectors.toList());
    }

    /** The request id a call was for, from its amount. */
    String requestIdOf(RecordedRequest call) {
        BigDecimal amount = amountIn(call).orElseThrow(() -> new AssertionError("a call without amount: " + call));
        synchronized (amounts) {
            return amounts.entrySet().stream().filter(e -> e.getValue().compareTo(amount) == 0).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new AssertionError("a call for no published command: " + call));
        }
    }

    private static Optional<BigDecimal> amountIn(RecordedRequest call) {
        Matcher matcher = AMOUNT.matcher(call.body());
        return matcher.find() ? Optional.of(new BigDecimal(matcher.group(1))) : Optional.empty();
    }

    /** Waits until the sandbox has received at least this many requests and returns them. */
    List<RecordedRequest> awaitCalls(int count, Duration timeout) {
        waitFor(count + " calls at the sandbox").atMost(timeout)
                .untilAsserted(() -> assertThat(calls()).hasSizeGreaterThanOrEqualTo(count));
        return calls();
    }

    // --- results ------------------------------------------------------------------------------

    List<Event> events() {
        return results.all();
    }

    List<Event> eventsFor(String requestId) {
        return results.forRequest(requestId);
    }

    /** Waits for at least one result event for every request id. */
    void awaitResults(Collection<String> requestIds, Duration timeout) {
        results.await(seen -> requestIds.stream().allMatch(id -> seen.stream().anyMatch(e -> id.equals(e.key()))),
                timeout);
    }

    /** Waits until the reader saw {@code count} events for the request id. */
    List<Event> awaitEvents(String requestId, int count, Duration timeout) {
        results.await(seen -> seen.stream().filter(e -> requestId.equals(e.key())).count() >= count, timeout);
        return eventsFor(requestId);
    }

    static boolean replayed(Event event) {
        return "true".equals(event.headers().get("replayed"));
    }

    /**
     * A barrier instead of a pause: publishes a fresh command and waits for its result. One
     * commands partition, one submissions partition and one submitter mean that every command
     * published before it, and every redelivery the restarted service had to make, was handled
     * before it. Then waits until the reader has every record the result topics hold, so nothing
     * published before the barrier can still be on its way to the assertions.
     */
    String drain(Duration timeout) {
        String sentinel = publishNew("sentinel-" + (++sentinels));
        awaitResults(List.of(sentinel), timeout);
        Map<String, Long> ends = endOffsets(succeededTopic(), failedTopic());
        results.await(seen -> ends.entrySet().stream().allMatch(end ->
                seen.stream().filter(e -> e.topic().equals(end.getKey())).count() >= end.getValue()), timeout);
        return sentinel;
    }

    // --- the guarantees ---------------------------------------------------------------------------

    /**
     * SPEC §5.1 and §5.2 for every command published so far: the API saw at most one call for it;
     * it has exactly one result (a republication after a crash repeats the event with its ce_id,
     * so events sharing a ce_id are one result; a replay repeats its body under a new ce_id); a
     * success has exactly one call behind it; and it ends {@code outcome_unknown} exactly when
     * the ledger showed it in flight at a crash ({@link #inFlightAtACrash()}), which happens
     * whenever a SIGKILL lands between the in_flight record and the record of the answer.
     */
    void assertNothingPaidTwiceNothingLost() {
        Set<String> inFlightAtACrash = inFlightAtACrash();
        for (RecordedRequest call : calls()) {
            requestIdOf(call); // every call belongs to a published command
        }
        for (String requestId : requestIds()) {
            List<RecordedRequest> calls = callsFor(requestId);
            List<Event> events = eventsFor(requestId);
            String context = requestId + " (in flight at a crash: " + inFlightAtACrash.contains(requestId)
                    + "): calls " + calls + ", events " + events;
            assertThat(calls).as("calls for " + context).hasSizeLessThanOrEqualTo(1);

            List<Event> original = events.stream().filter(e -> !replayed(e)).collect(Collectors.toList());
            assertThat(original).as("non-replayed events of " + context).isNotEmpty();
            assertThat(original.stream().map(e -> e.headers().get("ce_id")).distinct())
                    .as("distinct results (ce_id) of " + context).hasSize(1);
            Event result = original.get(0);
            assertThat(original).as("a republication is the same event: " + context)
                    .allSatisfy(e -> {
                        assertThat(e.body()).isEqualTo(result.body());
                        assertThat(e.topic()).isEqualTo(result.topic());
                    });
            assertThat(events.stream().filter(ProcessScenario::replayed)).as("replays of " + context)
                    .allSatisfy(e -> {
                        assertThat(e.body()).isEqualTo(result.body());
                        assertThat(e.headers().get("ce_id")).isNotEqualTo(result.headers().get("ce_id"));
                    });

            if (inFlightAtACrash.contains(requestId)) {
                assertThat(result.errorType()).as("the result of " + context).isEqualTo("outcome_unknown");
            } else {
                assertThat(result.topic()).as("the result of " + context).isEqualTo(succeededTopic());
                assertThat(calls).as("the call behind the success of " + context).hasSize(1);
            }
        }
    }

    // --- crashes ----------------------------------------------------------------------------------

    /** SIGKILLs the process and notes when, to tell later what its ledger showed at that moment. */
    void crash(ServiceProcess process) {
        process.kill();
        crashes.add(System.currentTimeMillis());
    }

    /**
     * The request ids whose latest ledger record was in_flight when a process was killed: the
     * records a process wrote carry its producer's creation time, so those written before a kill
     * are told apart from those its successor wrote. A record the killed process had not yet
     * handed to the broker was never acknowledged either, so the service acted on neither.
     */
    Set<String> inFlightAtACrash() {
        List<LedgerRecord> ledger = ledger();
        Set<String> inFlight = new java.util.TreeSet<>();
        for (long crashedAt : crashes) {
            Map<String, String> latest = new LinkedHashMap<>();
            ledger.stream().filter(r -> r.timestampMillis() <= crashedAt).forEach(r -> latest.put(r.requestId(), r.state()));
            latest.forEach((requestId, state) -> {
                if (state.equals("in_flight")) {
                    inFlight.add(requestId);
                }
            });
        }
        return inFlight;
    }

    /**
     * Waits until the ledger, read as a read_committed reader reads it, shows exactly these request
     * ids in flight at the crashes. A call is made after its in_flight record's commit returned, but
     * Kafka marks a commit on the partition a moment later: a read right after the call can miss it.
     */
    void awaitInFlightAtACrash(String... requestIds) {
        waitFor("the ledger showing " + List.of(requestIds) + " in flight at a crash").atMost(WAIT)
                .untilAsserted(() -> assertThat(inFlightAtACrash()).containsExactly(requestIds));
    }

    /**
     * The process that recorded the call for this request id as in flight, i.e. that made the call;
     * waits for the record's commit to be readable ({@link #awaitInFlightAtACrash}).
     */
    ServiceProcess callerOf(String requestId) {
        long pid = waitFor("the in_flight record of " + requestId).atMost(WAIT)
                .until(() -> ledger().stream().filter(r -> r.requestId().equals(requestId) && r.state().equals("in_flight"))
                        .reduce((first, second) -> second), Optional::isPresent)
                .orElseThrow().pid();
        return processes.stream().filter(p -> p.pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("no process with pid " + pid));
    }

    /**
     * Prints the gaps between calls at the sandbox, for the scenarios about crashes and answers;
     * the ones about the rate ({@link RateAcrossRestartIT}, {@link FailoverIT},
     * {@link RollingRestartIT}) assert them.
     */
    void reportGaps() {
        System.out.println(run + ": gaps between calls at the sandbox (interval " + intervalMillis + " ms): "
                + sandbox.gapsMillis());
    }

    // --- Kafka ------------------------------------------------------------------------------------

    /**
     * Sets a stopped group's committed offset of partition 0: as if a crash had come before that
     * commit, the record there is read again.
     */
    void commitOffset(String group, String topic, long offset) {
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not set the offset of " + group, e);
        }
    }

    /** The group's committed offset on partition 0 of the topic, or -1 when none. */
    long committedOffset(String group, String topic) {
        try (Admin admin = admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not read the offsets of " + group, e);
        }
    }

    /** The group's committed offset of every partition of the topic (-1 where none), by partition. */
    Map<Integer, Long> committedOffsets(String group, String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> byPartition = new java.util.TreeMap<>();
            endOffsetsByPartition(topic).keySet().forEach(partition -> {
                OffsetAndMetadata offset = committed.get(new TopicPartition(topic, partition));
                byPartition.put(partition, offset == null ? -1 : offset.offset());
            });
            return byPartition;
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not read the offsets of " + group, e);
        }
    }

    /** The end offset of every partition of the topic, by partition. */
    Map<Integer, Long> endOffsetsByPartition(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30)).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue, (a, b) -> a,
                            java.util.TreeMap::new));
        }
    }

    /** Gives the topic this many partitions, as an operator adds them (records stay where they are). */
    void increasePartitions(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(partitions)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not add partitions to " + topic, e);
        }
    }

    /** How the test's own clients reach the broker. */
    Map<String, Object> clientProperties() {
        return clientProperties;
    }

    Map<String, Long> endOffsets(String... topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())))) {
            List<TopicPartition> partitions = java.util.Arrays.stream(topics).map(t -> new TopicPartition(t, 0)).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30)).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().topic(), Map.Entry::getValue));
        }
    }

    /**
     * Creates the ledger topic before the service does, as the service would (one partition,
     * compacted) but with the broker's append time as record timestamp: {@link #ledger()} then
     * tells when each record reached the broker. Diagnostics only; the service ignores timestamps.
     */
    void createLedgerTopicWithAppendTime() {
        createLedgerTopic(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
    }

    /** Creates the ledger topic before the service does: one partition, compacted, and these settings. */
    void createLedgerTopic(Map<String, String> settings) {
        Map<String, String> configs = new java.util.HashMap<>(settings);
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(ledgerTopic(), 1, (short) 1).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create the ledger topic", e);
        }
    }

    /**
     * Every committed record of the service's ledger topic, oldest first (diagnostics for timing
     * assertions). A record's timestamp is when the producer created it, or when the broker
     * appended it (see {@link #createLedgerTopicWithAppendTime()}).
     */
    List<LedgerRecord> ledger() {
        return new LedgerTopic(clientProperties, ledgerTopic()).committed();
    }

    private Admin admin() {
        return Admin.create(clientProperties);
    }

    private Map<String, Object> client(Map<String, Object> settings) {
        Map<String, Object> config = new java.util.HashMap<>(clientProperties);
        config.putAll(settings);
        return config;
    }

    private static void createTopics(Admin admin, String... names) {
        for (String name : names) {
            try {
                // one partition; the broker's default replication (three on a three-node cluster)
                admin.createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty()))).all()
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create " + name, e.getCause());
                }
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("could not create " + name, e);
            }
        }
    }

    /** Kills every process still running, then closes the clients and the sandbox. */
    @Override
    public void close() throws InterruptedException {
        for (ProcessScenario another : others) {
            another.close();
        }
        processes.forEach(ServiceProcess::close);
        producer.close(Duration.ofSeconds(5));
        results.close();
        if (ownsSandbox) {
            sandbox.close();
        }
    }
}
