package io.github.cryptocloudwithdrawals.benchmark;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.InJvmService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * #3 Latency when idle: commands published one at a time, each only after the previous one's
 * result arrived and the rate gate is open again, so nothing queues and the throttle never holds a
 * command. The stub answers at once, so publish → result is the service's own cost (plus Kafka).
 * All times are {@link System#nanoTime()} of this JVM: publisher, stub and result reader share it.
 */
final class IdleLatency {

    static final long INTERVAL_MS = 100;
    static final long MARGIN_MS = 50;

    record Result(List<Double> toRequest, List<Double> toResult) {
    }

    private final BenchEnvironment env;
    private final int commands;

    IdleLatency(BenchEnvironment env, int commands) {
        this.env = env;
        this.commands = commands;
    }

    Result run() throws InterruptedException {
        ServiceTopics topics = ServiceTopics.named(env, "latency");
        env.sandbox.setDefaultAnswer(SandboxAnswer.success());
        Progress.say("latency: %d commands, one at a time, interval %d ms", commands, INTERVAL_MS);
        List<Double> toRequest = new ArrayList<>();
        List<Double> toResult = new ArrayList<>();
        Map<String, Long> resultSeen = new ConcurrentHashMap<>();
        InJvmService service = env.startService(topics, Map.of(
                "cryptocloud.min-interval-ms", Long.toString(INTERVAL_MS),
                "cryptocloud.interval-margin-ms", Long.toString(MARGIN_MS)));
        try {
            KafkaConsumer<String, String> reader = env.reader(topics.succeeded(), topics.failed());
            Thread readerThread = new Thread(() -> {
                try (reader) {
                    while (true) {
                        for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(100))) {
                            resultSeen.putIfAbsent(record.key(), System.nanoTime());
                        }
                    }
                } catch (WakeupException stopping) {
                    // done
                }
            }, "latency-results");
            readerThread.start();
            try {
                // two warm-up commands (not counted): the first call of a fresh service loads classes
                for (int i = -2; i < commands; i++) {
                    String id = "latency-" + i;
                    env.sandbox.clearRequests();
                    long published = System.nanoTime();
                    env.publish(topics.commands(), id, BenchEnvironment.validCommand(id, "1.5"));
                    waitFor("the result for " + id).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                            .until(() -> resultSeen.containsKey(id));
                    List<RecordedRequest> calls = env.payoutCalls(BenchEnvironment.SERVICE_KEY);
                    if (calls.size() != 1) {
                        throw new IllegalStateException("expected one call for " + id + ", the stub saw " + calls.size());
                    }
                    long called = calls.get(0).arrivalNanos();
                    if (i >= 0) {
                        toRequest.add(Stats.millis(called - published));
                        toResult.add(Stats.millis(resultSeen.get(id) - published));
                    }
                    // idle again: the next command arrives after the rate gate has reopened
                    long reopen = called + (INTERVAL_MS + MARGIN_MS + 20) * 1_000_000;
                    long wait = reopen - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000 + 1);
                    }
                }
            } finally {
                reader.wakeup();
                readerThread.join(5_000);
            }
        } finally {
            BenchEnvironment.stopInBackground(service, topics.group());
        }
        env.sandbox.resetDefault();
        return new Result(toRequest, toResult);
    }

    static Section section(Result result) {
        Section section = new Section("latency", "Latency when idle");
        section.line("%d valid commands published one at a time; the next is published only after the previous result "
                + "arrived and the rate gate reopened (interval %d ms + margin %d ms), so no command waits for its turn. "
                + "The stub answers at once: publish → result is the service's own time plus Kafka's. Publish = just before "
                + "`producer.send` (linger 0); request received = the stub's arrival time; result = when a plain consumer "
                + "of the result topics got it. Service in the benchmark JVM, same clock for all three.",
                result.toRequest().size(), INTERVAL_MS, MARGIN_MS);
        section.blank().line("| from publish to | p50 ms | p99 ms | max ms | mean ms |");
        section.line("|---|---|---|---|---|");
        section.line(row("API request received", result.toRequest()));
        section.line(row("result event received", result.toResult()));
        section.blank().line("The path: intake reads and validates the command and writes it to the submissions topic "
                + "(acknowledged, then its offset committed); the submitter reads it, looks the ledger up (one offsets "
                + "request to Kafka), writes `in_flight` to the ledger and waits for the acknowledgement, then calls. "
                + "After the answer: `done` to the ledger, the result event, the offset commit — each a round trip to "
                + "the broker. Against the real API add its own response time to the second line.");
        return section;
    }

    private static String row(String what, List<Double> values) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |", what, Stats.percentile(values, 50),
                Stats.percentile(values, 99), Stats.max(values), Stats.mean(values));
    }
}
