package io.github.cryptocloudwithdrawals.demo;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.BITCOIN_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.ETHEREUM_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.SOLANA_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.InJvmService;
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
    private static final String RESOLUTIONS = "cryptocloud.withdrawal.resolutions";

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
        InJvmService service = InJvmService.start(Map.of(
                "kafka.bootstrap-servers", broker.bootstrapServers(),
                "cryptocloud.base-url", sandbox.baseUrl(),
                "cryptocloud.api-key", API_KEY,
                "cryptocloud.min-interval-ms", Long.toString(intervalMs),
                "management.port", Integer.toString(managementPort),
                "camel.main.shutdown-timeout", "10"));

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
            service.close();
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
        String typo = TRON_ADDRESS.substring(0, TRON_ADDRESS.length() - 1) + "T"; // its last letter in upper case
        List<String> samples = List.of(
                "{\"request_id\":\"demo-1\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON_ADDRESS
                        + "\",\"amount\":\"10.50\",\"metadata\":{\"user_id\":42}}",
                command("demo-2", "BTC", BITCOIN_ADDRESS, "0.00023"),
                command("demo-3", "ETH", ETHEREUM_ADDRESS, "0.05"),
                command("demo-4", "USDC_SOL", SOLANA_ADDRESS, "25"),
                // the sandbox answers this amount with HTTP 500: nobody knows whether it was paid
                command("demo-6", "USDT_TRC20", TRON_ADDRESS, "\"500.2\""),
                command("demo-5", "USDT_TRC20", typo, "\"5\""),
                command("demo-1", "USDT_TRC20", TRON_ADDRESS, "10.5"));
        System.out.println("Publishing 7 sample commands: 5 payouts on TRON, Bitcoin, Ethereum and Solana (the sandbox");
        System.out.println("rejects the Ethereum one and answers HTTP 500 to the second TRON one), a TRON address with a");
        System.out.println("one-letter typo, and demo-1 again.\n");
        for (String sample : samples) {
            JsonNode command = JsonMapping.MAPPER.readTree(sample);
            producer.send(new ProducerRecord<>(COMMANDS, command.get("request_id").textValue(), sample)).get();
        }

        // five of the samples need a call each, one interval apart; the others are answered at once
        Duration enough = Duration.ofMillis(5 * intervalMs).plusSeconds(60);
        int arrived = printer.awaitResults(samples.size(), enough, intervalMs);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (arrived == samples.size()) {
            System.out.printf("%nAll %d sample results arrived %.1f s after start.%n", arrived, seconds);
        } else {
            System.out.printf("%n%d of %d sample results arrived in %.1f s; %d still pending, printed as they arrive.%n",
                    arrived, samples.size(), seconds, samples.size() - arrived);
        }
        if (arrived == samples.size()) {
            resolveTheUnknown(producer, printer);
        }
        System.out.printf("%nPublish your own: type a command as one line of JSON and press Enter, e.g.%n"
                + "  %s%n"
                + "or use any Kafka client: bootstrap %s, topic %s, results on %s and %s.%n"
                + "Ctrl-C stops everything.%n%n", command("mine-1", "TRX", TRON_ADDRESS, "\"1.5\""),
                broker.bootstrapServers(), COMMANDS, SUCCEEDED, FAILED);
        publishTypedCommands(producer);
        stopped.await();
    }

    /** What an operator does after checking the dashboard (README, "When a result is outcome_unknown"). */
    private static void resolveTheUnknown(KafkaProducer<String, String> producer, ResultPrinter printer) throws Exception {
        String resolution = "{\"request_id\":\"demo-6\",\"resolution\":\"paid\",\"invoice_id\":\"INV-DEMO6DASH\","
                + "\"resolved_by\":\"demo-operator\",\"note\":\"found in the CryptoCloud dashboard\"}";
        System.out.printf("%ndemo-6 is UNKNOWN: the operator finds it in the CryptoCloud dashboard and publishes to %s:%n"
                + "  demo-6|%s%n%n", RESOLUTIONS, resolution);
        int before = printer.printed();
        producer.send(new ProducerRecord<>(RESOLUTIONS, "demo-6", resolution)).get();
        if (printer.awaitResults(before + 1, Duration.ofSeconds(30), 0) == before + 1) {
            System.out.println("\ndemo-6 is paid under its own request_id, with no second call; a duplicate of it now replays that.");
        }
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
        synchronized int printed() {
            return printed;
        }

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
            Header resolution = record.headers().lastHeader("resolution");
            String tag = (replayed != null ? "replayed " : "") + (resolution != null
                    ? "resolved " + new String(resolution.value(), StandardCharsets.UTF_8) + " " : "");
            String id = event.path("request_id").asText("(no request_id)");
            if (record.topic().equals(SUCCEEDED)) {
                return String.format("  PAID     %-8s %s%s %s -> %s, invoice %s", id, tag,
                        event.path("amount").asText(), event.path("currency_code").asText(),
                        event.path("to_address").asText(), event.path("invoice_id").asText());
            }
            JsonNode error = event.path("error");
            String outcome = error.path("type").asText().equals("outcome_unknown") ? "UNKNOWN " : "FAILED  ";
            return String.format("  %s %-8s %s%s: %s", outcome, id, tag, error.path("type").asText(),
                    error.path("message").asText());
        }
    }
}
