package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The camel-kafka defects that Camel 4.22.0 fixes on the consumers and the producer this service
 * uses, each tried on the service's own routes in the packaged jar, with the committed offsets of
 * its groups compared with what was published:
 * <ul>
 *   <li>CAMEL-23997: a streaming consumer with {@code allowManualCommit} committed the offsets of
 *       exchanges the route never committed (the submit and resolutions routes are streaming);</li>
 *   <li>CAMEL-23994: a batching consumer with manual commit left commits in memory until its
 *       partitions were revoked (the intake batches);</li>
 *   <li>CAMEL-24208: {@code pollOnError=ERROR_HANDLER} (the default) skipped one record on every
 *       partition when a poll failed;</li>
 *   <li>CAMEL-23883: the producer dropped a body it took for an empty batch, silently.</li>
 * </ul>
 * The routes commit through {@code KafkaManualCommit} only (no commit factory is configured, so
 * camel-kafka's own commit manager does nothing), and read keys as strings and values as bytes.
 */
@Timeout(240)
class CamelKafkaDefectsIT {

    /** CAMEL-23997: the exchange a stop fails on purpose (CommandStaysQueued) is not committed, nor anything after it. */
    @Test
    void aCommandLeftQueuedByAStopKeepsTheSubmittersOffset() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("camel-23997", TestKafka.bootstrapServers(), 60_000)) {
            ServiceProcess first = scenario.startService();
            String paid = scenario.publishNew("paid");
            String waiting = scenario.publishNew("waiting");
            String behind = scenario.publishNew("behind");
            scenario.awaitResults(List.of(paid), WAIT);
            waitFor("every command queued").atMost(WAIT).until(() ->
                    scenario.endOffsets(scenario.submissionsTopic()).get(scenario.submissionsTopic()) == 3);
            // the submitter takes the next command within milliseconds: the signal comes well inside its wait
            waitFor("two seconds in which the waiting command is not called").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5)).until(() -> scenario.callsFor(waiting).isEmpty());

            first.terminate();
            assertThat(first.waitForExit(Duration.ofSeconds(30))).as("exited after SIGTERM").isTrue();
            assertThat(first.logContains("request_id=" + waiting + " stays queued"))
                    .as("the stop failed the waiting command's exchange").isTrue();

            assertThat(scenario.committedOffset(scenario.submitterGroup(), scenario.submissionsTopic()))
                    .as("the submitter's offset: past the paid command (offset 0), at the one left waiting (offset 1)")
                    .isEqualTo(1);
            assertThat(scenario.committedOffsets(scenario.intakeGroup(), scenario.commandsTopic()))
                    .as("the intake committed the three commands it queued")
                    .isEqualTo(scenario.endOffsetsByPartition(scenario.commandsTopic()));

            scenario.set("CRYPTOCLOUD_MIN_INTERVAL_MS", "300");
            scenario.startService();
            scenario.awaitResults(List.of(waiting, behind), WAIT);
            scenario.drain(WAIT);
            scenario.assertNothingPaidTwiceNothingLost();
            assertThat(scenario.eventsFor(paid)).as("committed before the stop: not answered again").hasSize(1);
            awaitEverythingCommitted(scenario, scenario.submitterGroup(), scenario.submissionsTopic());
        }
    }

    /**
     * CAMEL-23994 (PR 24686): every batch's commit reaches Kafka while the intake runs, not when its
     * partitions are revoked; and a second instance joining the group, then the first one stopping,
     * both in the middle of batches, lose no command and answer none with a second result.
     */
    @Test
    void intakeBatchesAreCommittedAsTheyGoAcrossARebalanceAndAStop() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("camel-23994", TestKafka.bootstrapServers(), 200)) {
            scenario.increasePartitions(scenario.commandsTopic(), 2);
            ServiceProcess first = scenario.startService();
            List<String> valid = new ArrayList<>();
            List<String> invalid = new ArrayList<>(publishInvalid(scenario, "before", 600));
            for (int i = 0; i < 4; i++) {
                valid.add(scenario.publishNew("valid"));
            }
            scenario.awaitResults(invalid, WAIT);
            scenario.awaitResults(valid, WAIT);
            awaitEverythingCommitted(scenario, scenario.intakeGroup(), scenario.commandsTopic());

            // a flood over several seconds: the second instance joins, then the first one stops, while batches go
            Thread flood = new Thread(() -> {
                for (int round = 0; round < 24; round++) {
                    invalid.addAll(publishInvalid(scenario, "flood-" + round, 150));
                    if (round % 6 == 0) {
                        valid.add(scenario.publishNew("valid"));
                    }
                    pause(250);
                }
            }, "flood");
            List<String> invalidSoFar;
            flood.start();
            try {
                ServiceProcess second = scenario.startService();
                waitFor("the second instance in the intake group").atMost(WAIT)
                        .until(() -> groupMembers(scenario, scenario.intakeGroup()) == 2);
                first.terminate();
                assertThat(first.waitForExit(Duration.ofSeconds(30))).as("first exited after SIGTERM").isTrue();
            } finally {
                flood.join();
                invalidSoFar = List.copyOf(invalid);
            }

            scenario.awaitResults(invalidSoFar, WAIT);
            scenario.awaitResults(valid, WAIT);
            scenario.drain(WAIT);
            awaitEverythingCommitted(scenario, scenario.intakeGroup(), scenario.commandsTopic());
            assertOneResultEach(scenario, invalidSoFar, scenario.failedTopic());
            scenario.assertNothingPaidTwiceNothingLost();
        }
    }

    /**
     * CAMEL-24208: no record reaches the poll error handler, whose seek skipped one record on every
     * partition. Keys are read as strings and values as bytes, which never fail: a key that is not
     * UTF-8, header values of arbitrary bytes, an empty value and a tombstone on one partition are
     * answered like any bad command, and the valid commands published around them on both
     * partitions are paid. The partitions are chosen, not hashed from the keys: a run whose valid
     * commands all hashed to the poison's partition left the other one empty and never committed.
     */
    @Test
    void recordsNoDeserializerRefusesNeverSkipACommandOnAnotherPartition() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("camel-24208", TestKafka.bootstrapServers(), 200);
             KafkaProducer<byte[], byte[]> raw = rawProducer(scenario)) {
            scenario.increasePartitions(scenario.commandsTopic(), 2);
            int poisoned = 1;
            int other = 0;
            Map<String, ProducerRecord<byte[], byte[]>> poison = new LinkedHashMap<>();
            byte[] garbage = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, (byte) 0x80};
            poison.put("key-not-utf8", record(scenario, poisoned, garbage, "{\"request_id\":\"k\"}".getBytes(StandardCharsets.UTF_8)));
            poison.put("empty-value", record(scenario, poisoned, "empty".getBytes(StandardCharsets.UTF_8), new byte[0]));
            poison.put("tombstone", record(scenario, poisoned, "tombstone".getBytes(StandardCharsets.UTF_8), null));
            poison.put("header-bytes", record(scenario, poisoned, "headers".getBytes(StandardCharsets.UTF_8),
                    "not json".getBytes(StandardCharsets.UTF_8)));
            poison.get("header-bytes").headers().add("garbage", garbage);
            poison.forEach((name, record) -> record.headers().add("test-case", name.getBytes(StandardCharsets.UTF_8)));

            List<String> valid = new ArrayList<>();
            valid.add(publishValid(scenario, raw, "valid-before", other));
            for (ProducerRecord<byte[], byte[]> record : poison.values()) {
                raw.send(record).get();
            }
            valid.add(publishValid(scenario, raw, "valid-after", poisoned));
            scenario.startService();
            valid.add(publishValid(scenario, raw, "valid-while-running", other));

            scenario.awaitResults(valid, WAIT);
            Map<String, List<Event>> answers = new HashMap<>();
            waitFor("an answer to every poison record").atMost(WAIT).until(() -> {
                poison.keySet().forEach(name -> answers.put(name, scenario.events().stream()
                        .filter(e -> name.equals(e.headers().get("test-case"))).toList()));
                return answers.values().stream().noneMatch(List::isEmpty);
            });
            scenario.drain(WAIT);

            answers.forEach((name, events) -> assertThat(events).as(name).singleElement()
                    .satisfies(event -> assertThat(event.topic()).isEqualTo(scenario.failedTopic())));
            scenario.assertNothingPaidTwiceNothingLost();
            awaitEverythingCommitted(scenario, scenario.intakeGroup(), scenario.commandsTopic());
        }
    }

    /**
     * CAMEL-23883: every body the service hands the Kafka producer reaches Kafka. A command whose
     * value is a JSON scalar or array (the shapes a JSON body could take) is answered with one
     * failure event; a valid one goes on to the queue as bytes and ends with its event (a string);
     * its duplicate is replayed by the intake (bytes).
     */
    @Test
    void everyBodyTheServiceProducesReachesKafka() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("camel-23883", TestKafka.bootstrapServers(), 200)) {
            scenario.startService();
            String paid = scenario.publishNew("paid");
            scenario.awaitResults(List.of(paid), WAIT);
            scenario.publish(paid);
            List<String> shapes = List.of("42", "\"pay 10 USDT\"", "true", "null", "[]", "[{\"request_id\":\"x\"}]", "{}");
            Map<String, String> keyOfShape = new LinkedHashMap<>();
            for (String shape : shapes) {
                String key = "shape-" + UUID.randomUUID().toString().substring(0, 8);
                keyOfShape.put(shape, key);
                scenario.publishRaw(key, shape);
            }
            scenario.awaitEvents(paid, 2, WAIT);
            scenario.drain(WAIT);

            List<Event> events = scenario.eventsFor(paid);
            assertThat(events).extracting(Event::topic).containsOnly(scenario.succeededTopic());
            assertThat(events.stream().filter(ProcessScenario::replayed)).as("the intake's replay").hasSize(1);
            List<Event> failures = scenario.events().stream().filter(e -> e.topic().equals(scenario.failedTopic()))
                    .collect(Collectors.toList());
            assertThat(failures).as("one failure event per shape " + keyOfShape.keySet()).hasSize(shapes.size())
                    .allSatisfy(failure -> assertThat(failure.errorType()).isIn("malformed", "validation"));
            scenario.assertNothingPaidTwiceNothingLost();
            awaitEverythingCommitted(scenario, scenario.intakeGroup(), scenario.commandsTopic());
        }
    }

    private static List<String> publishInvalid(ProcessScenario scenario, String name, int count) {
        List<String> ids = new ArrayList<>(count);
        List<String[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = name + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            ids.add(id);
            records.add(new String[] {id, "{\"request_id\":\"" + id + "\",\"currency_code\":\"USDT_TRC20\","
                    + "\"to_address\":\"not-an-address\",\"amount\":\"1\"}"});
        }
        scenario.publishAll(records);
        return ids;
    }

    /** Every request has results of one ce_id only (a batch read again repeats its answers under the same ce_id). */
    private static void assertOneResultEach(ProcessScenario scenario, List<String> requestIds, String topic) {
        Map<String, List<Event>> byRequest = scenario.events().stream().filter(e -> e.key() != null)
                .collect(Collectors.groupingBy(Event::key));
        assertThat(requestIds).allSatisfy(id -> {
            List<Event> events = byRequest.getOrDefault(id, List.of());
            assertThat(events).as(id).isNotEmpty().allSatisfy(e -> assertThat(e.topic()).isEqualTo(topic));
            assertThat(events.stream().map(e -> e.headers().get("ce_id")).distinct()).as("results of " + id).hasSize(1);
        });
        long repeated = requestIds.stream().filter(id -> byRequest.get(id).size() > 1).count();
        System.out.println(scenario.run + ": commands answered again under the same ce_id: " + repeated
                + " of " + requestIds.size());
    }

    /** The group's committed offset of every partition reaches the partition's end, while the service runs or after. */
    private static void awaitEverythingCommitted(ProcessScenario scenario, String group, String topic) {
        waitFor(group + " committing every record of " + topic).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(scenario.committedOffsets(group, topic)).isEqualTo(scenario.endOffsetsByPartition(topic)));
    }

    private static int groupMembers(ProcessScenario scenario, String group) throws Exception {
        try (Admin admin = Admin.create(scenario.clientProperties())) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members().size();
        }
    }

    private static KafkaProducer<byte[], byte[]> rawProducer(ProcessScenario scenario) {
        Map<String, Object> settings = new HashMap<>(scenario.clientProperties());
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(settings);
    }

    /** Publishes a new valid command to this partition of the commands topic and returns its request id. */
    private static String publishValid(ProcessScenario scenario, KafkaProducer<byte[], byte[]> raw, String name,
            int partition) throws Exception {
        String requestId = scenario.newCommand(name);
        raw.send(record(scenario, partition, requestId.getBytes(StandardCharsets.UTF_8),
                scenario.commandOf(requestId).getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        return requestId;
    }

    /** A record for this partition of the commands topic. */
    private static ProducerRecord<byte[], byte[]> record(ProcessScenario scenario, int partition, byte[] key, byte[] value) {
        return new ProducerRecord<>(scenario.commandsTopic(), partition, key, value);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the pace of a producer, not a wait for something to happen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
