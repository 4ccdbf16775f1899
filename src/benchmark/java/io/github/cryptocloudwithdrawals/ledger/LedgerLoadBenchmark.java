package io.github.cryptocloudwithdrawals.ledger;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;

import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.history.RequestState;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures how long a ledger of N recorded requests takes to load and what it costs in heap, then
 * how fast a freshly loaded ledger reads final results back for duplicates.
 * Not a unit test: run it with a small heap, e.g.
 * {@code java -Xmx256m -cp <test classpath> io.github.cryptocloudwithdrawals.ledger.LedgerLoadBenchmark 1000000}.
 */
public final class LedgerLoadBenchmark {

    private static final int READ_BACK_IN_ORDER = 20_000;
    private static final int READ_BACK_AT_RANDOM = 1_000;

    private LedgerLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String topic = "ledger-benchmark";
        DeploymentStamp stamp = new DeploymentStamp("ledger-load-benchmark");
        // a final success as the service records it: the event body is most of the record
        String value = "{\"kind\":\"SUCCEEDED\",\"ce_id\":\"8f0e4c2a-7b1d-4e57-9a53-2f6c1d0b9e11\",\"time\":\"2026-11-25T10:00:00.456Z\","
                + "\"submission\":\"0@123456\",\"body\":{\"request_id\":\"%s\",\"invoice_id\":\"INV-89UX09KA\",\"status\":\"created\","
                + "\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":\"10.50\","
                + "\"metadata\":{\"user_id\":42},\"submitted_at\":\"2026-11-25T10:00:00.123Z\",\"completed_at\":\"2026-11-25T10:00:00.456Z\","
                + "\"response\":{\"invoice_id\":\"INV-89UX09KA\",\"status\":\"created\",\"currency\":\"USDT_TRC20\",\"amount\":10.5}}}";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic(topic, 1);
            long fillStarted = System.nanoTime();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.LINGER_MS_CONFIG, "20",
                    ProducerConfig.BATCH_SIZE_CONFIG, "524288"))) {
                for (int i = 0; i < entries; i++) {
                    String requestId = "payout-2026-" + i;
                    ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, requestId, String.format(value, requestId));
                    LedgerRecords.write(new LedgerRecords.Facts(RequestState.DONE, i * 0x9E3779B97F4A7C15L,
                            1_795_000_000_000L + i, null, null, "1@ledger-load-benchmark#0", stamp.commandsTopic()),
                            record.headers());
                    producer.send(record);
                }
            }
            System.out.printf("filled %d records in %d ms%n", entries, (System.nanoTime() - fillStarted) / 1_000_000);

            long heapBefore = usedHeapAfterGc();
            Properties connection = new Properties();
            connection.put("bootstrap.servers", broker.bootstrapServers());
            Ledger ledger = new Ledger(topic, stamp, () -> connection);
            long loadStarted = System.nanoTime();
            ledger.start();
            long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
            long heapAfter = usedHeapAfterGc();
            boolean found = ledger.scope(null).lookup("payout-2026-" + (entries - 1)).isPresent();
            System.out.printf("loaded %d entries in %d ms; heap held by the ledger %d MiB (max heap %d MiB); last entry found: %s%n",
                    entries, loadMillis, (heapAfter - heapBefore) >> 20, Runtime.getRuntime().maxMemory() >> 20, found);
            readBack(ledger, entries);
            ledger.stop();
        }
    }

    /**
     * Final results read back as the intake answers duplicates after a restart (nothing in
     * memory yet): a run in the order they were recorded (a renamed group re-reading the commands
     * topic), then requests picked at random from the rest (one fetch each: the baseline).
     */
    private static void readBack(Ledger ledger, int entries) {
        int inOrder = Math.min(READ_BACK_IN_ORDER, entries / 2);
        long started = System.nanoTime();
        for (int i = 0; i < inOrder; i++) {
            ledger.intake().finished(null, "payout-2026-" + i).orElseThrow();
        }
        long inOrderNanos = System.nanoTime() - started;
        Random random = new Random(42);
        int atRandom = Math.min(READ_BACK_AT_RANDOM, entries / 2);
        started = System.nanoTime();
        for (int i = 0; i < atRandom; i++) {
            ledger.intake().finished(null, "payout-2026-" + (inOrder + random.nextInt(entries - inOrder))).orElseThrow();
        }
        long atRandomNanos = System.nanoTime() - started;
        System.out.printf("read back %d results in recorded order in %d ms; %d at random in %d ms%n",
                inOrder, inOrderNanos / 1_000_000, atRandom, atRandomNanos / 1_000_000);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
