package io.github.cryptocloudwithdrawals.testsupport;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads the result topics the way a user's backend would: a plain Kafka consumer in its own
 * group, collecting every record it sees so a test can wait for and assert on them. Every record
 * is held to the contract ({@link Contract}: its schema, the headers and key of the AsyncAPI
 * document): the first test to look at the events after one breaks it fails, naming the event.
 */
public final class ResultTopics implements AutoCloseable {

    /** One result record, value parsed. */
    public record Event(String topic, String key, JsonNode body, Map<String, String> headers, String rawValue) {

        public String requestId() {
            return body.path("request_id").asText(null);
        }

        public String errorType() {
            return body.path("error").path("type").asText(null);
        }
    }

    /** Guarded by itself: a copy-on-write list would copy itself on every one of a flood's events. */
    private final List<Event> events = new ArrayList<>();
    /** What the events seen so far do not keep of the contract; guarded by {@link #events}. */
    private final List<String> contractBreaches = new ArrayList<>();
    private final String succeededTopic;
    private final Thread poller;
    private volatile boolean running = true;

    public ResultTopics(String bootstrapServers, String succeededTopic, String failedTopic) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), succeededTopic, failedTopic);
    }

    /** @param client connection settings: bootstrap servers, and security settings if any */
    public ResultTopics(Map<String, Object> client, String succeededTopic, String failedTopic) {
        this.succeededTopic = succeededTopic;
        Map<String, Object> settings = new java.util.HashMap<>(client);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + System.nanoTime());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings);
        consumer.subscribe(List.of(succeededTopic, failedTopic));
        poller = new Thread(() -> {
            try (consumer) {
                while (running) {
                    List<Event> polled = new ArrayList<>();
                    List<String> breaches = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        Event event = toEvent(record);
                        polled.add(event);
                        breaches.addAll(contractBreaches(event));
                    }
                    synchronized (events) {
                        events.addAll(polled);
                        contractBreaches.addAll(breaches);
                    }
                }
            }
        }, "result-topics-reader");
        poller.start();
    }

    /** Every event seen so far; fails when one of them breaks the contract. */
    public List<Event> all() {
        synchronized (events) {
            assertKeptTheContract();
            return List.copyOf(events);
        }
    }

    private List<String> contractBreaches(Event event) {
        List<String> problems;
        try {
            problems = Contract.resultEventProblems(event.topic().equals(succeededTopic)
                    ? Contract.Payload.SUCCEEDED : Contract.Payload.FAILED, event.key(), event.headers(), event.body());
        } catch (RuntimeException | LinkageError e) {
            // the reader must go on reading, and the tests must say why they cannot trust what it read
            problems = List.of("the contract could not be checked: " + e);
        }
        String raw = event.rawValue().length() > 1000 ? event.rawValue().substring(0, 1000) + "…" : event.rawValue();
        return problems.stream().map(problem -> problem + "\n    in the event on " + event.topic() + " key=" + event.key()
                + " headers=" + event.headers() + " " + raw).toList();
    }

    private void assertKeptTheContract() {
        if (!contractBreaches.isEmpty()) {
            throw new AssertionError("result events that break the contract (contract/asyncapi.yaml, contract/schemas): "
                    + contractBreaches.size() + "\n  " + String.join("\n  ", contractBreaches));
        }
    }

    public List<Event> forRequest(String requestId) {
        return all().stream().filter(e -> requestId.equals(e.key())).collect(Collectors.toList());
    }

    public List<Event> withHeader(String name, String value) {
        return all().stream().filter(e -> value.equals(e.headers().get(name))).collect(Collectors.toList());
    }

    /** Waits until the events seen so far satisfy the condition; fails with what was seen. */
    public List<Event> await(Predicate<List<Event>> condition, Duration timeout) {
        try {
            return waitFor("result events").atMost(timeout).until(this::all, condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " waiting for result events; saw " + describe(all()), e);
        }
    }

    /** Waits for at least one event for each request id and returns the first of each. */
    public Map<String, Event> awaitRequests(Duration timeout, String... requestIds) {
        await(seen -> List.of(requestIds).stream().allMatch(id -> seen.stream().anyMatch(e -> id.equals(e.key()))), timeout);
        return List.of(requestIds).stream().collect(Collectors.toMap(id -> id, id -> forRequest(id).get(0)));
    }

    private static String describe(List<Event> seen) {
        List<String> lines = new ArrayList<>();
        seen.forEach(e -> lines.add(e.topic() + " key=" + e.key() + " " + e.rawValue()));
        return lines.size() + " events " + lines;
    }

    private static Event toEvent(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        String raw = new String(record.value(), StandardCharsets.UTF_8);
        try {
            return new Event(record.topic(), record.key(), JsonMapping.MAPPER.readTree(raw), headers, raw);
        } catch (IOException e) {
            throw new UncheckedIOException("a result event is not JSON: " + raw, e);
        }
    }

    /** Stops reading; fails when an event seen breaks the contract, whether or not a test looked at it. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5000);
        synchronized (events) {
            assertKeptTheContract();
        }
    }
}
