package io.github.cryptocloudwithdrawals.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.WithdrawalsConfiguration;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The whole product on one machine: a Kafka broker (KRaft, in this JVM), the CryptoCloud sandbox
 * and the service, with sample commands and their results printed as they arrive. Run it with
 * {@code mvn -q -Pdemo}. It lives with the tests: the broker is not part of the service's jar.
 */
public final class Demo {

    private static final String API_KEY = "demo-key";
    private static final String COMMANDS = "cryptocloud.withdrawal.commands";
    private static final String SUCCEEDED = "cryptocloud.withdrawal.succeeded";
    private static final String FAILED = "cryptocloud.withdrawal.failed";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        // the service's and Kafka's log lines would drown the results: the demo prints those itself
        Configurator.setRootLevel(Level.ERROR);
        Configurator.setLevel("org.apache.kafka", Level.OFF);
        Configurator.setLevel("kafka", Level.OFF);
        long intervalMs = Long.parseLong(System.getenv().getOrDefault("CRYPTOCLOUD_MIN_INTERVAL_MS", "2000"));

        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        CryptoCloudSandbox sandbox = CryptoCloudSandbox.start(SandboxSettings.forApiKey(API_KEY)
                .withPort(preferredPort(8089)).withMinIntervalMs(intervalMs));
        int managementPort = preferredPort(8080);
        Main service = new Main();
        service.configure().addConfiguration(WithdrawalsConfiguration.class);
        service.addOverrideProperty("kafka.bootstrap-servers", broker.bootstrapServers());
        service.addOverrideProperty("cryptocloud.base-url", sandbox.baseUrl());
        service.addOverrideProperty("cryptocloud.api-key", API_KEY);
        service.addOverrideProperty("cryptocloud.min-interval-ms", Long.toString(intervalMs));
        service.addOverrideProperty("management.port", Integer.toString(managementPort));
        service.addOverrideProperty("management.bind-address", "127.0.0.1");
        service.addOverrideProperty("camel.main.shutdown-timeout", "10");
        service.start();

        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        ResultPrinter printer = new ResultPrinter(broker.bootstrapServers());
        printer.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the service, the sandbox and Kafka...");
            printer.stopReading();
            service.stop();
            producer.close(Duration.ofSeconds(2));
            sandbox.close();
            broker.close();
            stopped.countDown();
        }, "demo-shutdown"));

        System.out.printf("%nKafka %s, CryptoCloud sandbox %s, service health http://127.0.0.1:%d/observe/health%n",
                broker.bootstrapServers(), sandbox.baseUrl(), managementPort);
        System.out.printf("One CryptoCloud call per %d ms (the real API: 12000). Started in %.1f s.%n%n",
                intervalMs, (System.nanoTime() - started) / 1e9);

        // The sandbox answers calls in order; the third call is the ETH payout it will reject.
        sandbox.enqueue(SandboxAnswer.success());
        sandbox.enqueue(SandboxAnswer.success());
        sandbox.enqueue(SandboxAnswer.rejectNetwork());
        List<String> samples = List.of(
                "{\"request_id\":\"demo-1\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\",\"amount\":\"10.50\",\"metadata\":{\"user_id\":42}}",
                "{\"request_id\":\"demo-2\",\"currency_code\":\"BTC\",\"to_address\":\"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\",\"amount\":0.00023}",
                "{\"request_id\":\"demo-3\",\"currency_code\":\"ETH\",\"to_address\":\"0xdAC17F958D2ee523a2206206994597C13D831ec7\",\"amount\":0.05}",
                "{\"request_id\":\"demo-4\",\"currency_code\":\"USDC_SOL\",\"to_address\":\"Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYu\",\"amount\":25}",
                "{\"request_id\":\"demo-5\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T\",\"amount\":\"5\"}",
                "{\"request_id\":\"demo-1\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\",\"amount\":10.5}");
        System.out.println("Publishing 6 sample commands: 4 payouts on TRON, Bitcoin, Ethereum and Solana (the");
        System.out.println("sandbox rejects the Ethereum one), a TRON address with a one-letter typo, and demo-1 again.\n");
        for (String sample : samples) {
            JsonNode command = JsonMapping.MAPPER.readTree(sample);
            producer.send(new ProducerRecord<>(COMMANDS, command.get("request_id").textValue(), sample)).get();
        }

        // four of the samples need a call each, one interval apart; the others are answered at once
        Duration enough = Duration.ofMillis(4 * intervalMs).plusSeconds(60);
        int arrived = printer.awaitResults(samples.size(), enough, intervalMs);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (arrived == samples.size()) {
            System.out.printf("%nAll %d sample results arrived %.1f s after start.%n", arrived, seconds);
        } else {
            System.out.printf("%n%d of %d sample results arrived in %.1f s; %d still pending, printed as they arrive.%n",
                    arrived, samples.size(), seconds, samples.size() - arrived);
        }
        System.out.printf("%nPublish your own: type a command as one line of JSON and press Enter, e.g.%n"
                + "  {\"request_id\":\"mine-1\",\"currency_code\":\"TRX\",\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\",\"amount\":\"1.5\"}%n"
                + "or use any Kafka client: bootstrap %s, topic %s, results on %s and %s.%n"
                + "Ctrl-C stops everything.%n%n", broker.bootstrapServers(), COMMANDS, SUCCEEDED, FAILED);
        publishTypedCommands(producer);
        stopped.await();
    }

    private static void publishTypedCommands(KafkaProducer<String, String> producer) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            String key;
            try {
                key = JsonMapping.MAPPER.readTree(line).path("request_id").asText(null);
            } catch (IOException e) {
                key = null; // the service answers it as malformed: that is part of the demo too
            }
            producer.send(new ProducerRecord<>(COMMANDS, key, line));
        }
    }

    /** The port if it is free, else any free one: the demo must start on a busy machine too. */
    private static int preferredPort(int port) {
        for (int candidate : new int[]{port, 0}) {
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException busy) {
                // try the next
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** Prints every result event as one readable line. */
    private static final class ResultPrinter extends Thread {

        private final KafkaConsumer<String, String> consumer;
        private int printed;

        ResultPrinter(String bootstrapServers) {
            super("demo-results");
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "demo-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
            consumer.subscribe(List.of(SUCCEEDED, FAILED));
            setDaemon(true);
        }

        /** Kafka consumers are stopped by waking them, never by interrupting their thread. */
        void stopReading() {
            consumer.wakeup();
        }

        @Override
        public void run() {
            try (consumer) {
                while (true) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        System.out.println(describe(record));
                        synchronized (this) {
                            printed++;
                            notifyAll();
                        }
                    }
                }
            } catch (WakeupException e) {
                // stopping
            }
        }

        /**
         * Waits until {@code count} results were printed or the timeout passed, saying how many
         * arrived whenever none came for a while (at a long interval the payouts take minutes).
         *
         * @return how many results were printed
         */
        synchronized int awaitResults(int count, Duration timeout, long intervalMs) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            // about one line per call at long intervals, none at the demo's 2 s
            long quietNanos = Duration.ofMillis(Math.max(10_000, intervalMs * 2 / 3)).toNanos();
            long lastChange = System.nanoTime();
            int seen = printed;
            while (printed < count && System.nanoTime() < deadline) {
                long nextReport = lastChange + quietNanos;
                wait(Math.max(1, (Math.min(deadline, nextReport) - System.nanoTime()) / 1_000_000));
                if (printed != seen) {
                    seen = printed;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - nextReport >= 0 && printed < count) {
                    System.out.printf("  ... %d of %d results so far; the others wait for their turn (one call per %d ms)%n",
                            printed, count, intervalMs);
                    lastChange = System.nanoTime();
                }
            }
            return printed;
        }

        private static String describe(ConsumerRecord<String, String> record) {
            JsonNode event;
            try {
                event = JsonMapping.MAPPER.readTree(record.value());
            } catch (IOException e) {
                return "  ? " + record.value();
            }
            Header replayed = record.headers().lastHeader("replayed");
            String tag = replayed != null ? "replayed " : "";
            String id = event.path("request_id").asText("(no request_id)");
            if (record.topic().equals(SUCCEEDED)) {
                return String.format("  PAID     %-8s %s%s %s -> %s, invoice %s", id, tag,
                        event.path("amount").asText(), event.path("currency_code").asText(),
                        event.path("to_address").asText(), event.path("invoice_id").asText());
            }
            JsonNode error = event.path("error");
            return String.format("  FAILED   %-8s %s%s: %s", id, tag, error.path("type").asText(), error.path("message").asText());
        }
    }
}
