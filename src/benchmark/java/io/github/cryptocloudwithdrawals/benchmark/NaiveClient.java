package io.github.cryptocloudwithdrawals.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The baseline: what a user would write instead of the service, following the API page's sample
 * client. A plain KafkaConsumer loop (default settings, auto-commit) that sends each command's
 * payout request with java.net.http, then sleeps the API's interval. No validation, no ledger, no
 * result events: it only makes the calls, so it is the most favourable baseline for pacing.
 */
final class NaiveClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean running = true;

    NaiveClient(String bootstrapServers, String group, String topic, String baseUrl, String apiKey, long intervalMillis) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        URI endpoint = URI.create(baseUrl + "/v2/invoice/api/out/create");
        thread = new Thread(() -> loop(topic, endpoint, apiKey, intervalMillis), "naive-client");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(String topic, URI endpoint, String apiKey, long intervalMillis) {
        HttpClient http = HttpClient.newHttpClient();
        try (consumer) {
            consumer.subscribe(List.of(topic));
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode command = MAPPER.readTree(record.value());
                    ObjectNode body = MAPPER.createObjectNode();
                    body.put("currency_code", command.path("currency_code").asText());
                    body.put("to_address", command.path("to_address").asText());
                    body.put("amount", new BigDecimal(command.path("amount").asText()));
                    HttpRequest request = HttpRequest.newBuilder(endpoint)
                            .header("Authorization", "Token " + apiKey)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)))
                            .build();
                    http.send(request, HttpResponse.BodyHandlers.ofString());
                    calls.incrementAndGet();
                    Thread.sleep(intervalMillis);
                    if (!running) {
                        break;
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (Exception e) {
            if (running) {
                System.err.println("naive client stopped: " + e);
            }
        }
    }

    int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
