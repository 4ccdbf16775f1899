package io.github.cryptocloudwithdrawals.process;

import io.github.cryptocloudwithdrawals.history.Fingerprint;
import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.ledger.Ledger;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Upgrading from the versions whose internal topics had fixed names shared by every deployment
 * ({@code cryptocloud.withdrawal.submissions}, {@code cryptocloud.withdrawal.ledger}) and whose
 * submitter group was {@code <KAFKA_GROUP_ID>.submitter}: no request is paid again, a command
 * left queued is paid once, nothing is replayed.
 *
 * <p>Each test has a broker of its own: the former names are global. What an earlier version
 * left behind is written directly with Kafka clients, in the exact format the current code
 * writes (record headers {@code state}, {@code fingerprint}, {@code call_started_ms},
 * {@code answered_ms}, {@code instance}; the value holding the result event) minus the
 * deployment stamp earlier versions did not write, under the ledger's transactional id.
 */
class UpgradeFromFixedNamesIT {

    private static final String FORMER_QUEUE = DeploymentNames.FORMER_SUBMISSIONS_TOPIC;
    private static final String FORMER_LEDGER = DeploymentNames.FORMER_LEDGER_TOPIC;

    /** A request the earlier version paid, and one it left queued. */
    private record EarlierVersion(String paid, String queued) {
    }

    @Test
    @Timeout(180)
    void theDefaultDeploymentKeepsItsHistoryAndItsQueueAndReplaysNothing() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             ProcessScenario deployment = new ProcessScenario("upgrade-default", broker.bootstrapServers(), 300,
                     DeploymentNames.DEFAULT_COMMANDS_TOPIC)) {
            EarlierVersion earlier = leftBehindByAnEarlierVersion(deployment, broker);

            ServiceProcess upgraded = deployment.startService();
            assertHistoryAndQueueKept(deployment, earlier);
            assertThat(upgraded.log()).contains("copied the committed offset of the former submitter group "
                    + deployment.intakeGroup() + ".submitter on " + FORMER_QUEUE + " to cryptocloud.withdrawal.submitter");
        }
    }

    @Test
    @Timeout(180)
    void aCustomDeploymentOnTheFormerNamesIsRefusedUntilOneSettingSaysWhoseHistoryItIs() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             ProcessScenario deployment = new ProcessScenario("upgrade-custom", broker.bootstrapServers(), 300)) {
            EarlierVersion earlier = leftBehindByAnEarlierVersion(deployment, broker);

            ServiceProcess refused = deployment.launch();
            assertThat(refused.waitForExit(ProcessScenario.STARTUP)).as("exited").isTrue();
            assertThat(refused.exitValue()).isEqualTo(2);
            String derivedLedger = deployment.commandsTopic() + ".ledger";
            assertThat(refused.log().lines().filter(line -> line.startsWith("cryptocloud-withdrawals cannot start: ")))
                    .singleElement().isEqualTo("cryptocloud-withdrawals cannot start: the request ledger of earlier "
                            + "versions, cryptocloud.withdrawal.ledger, holds requests, and this deployment's ledger "
                            + derivedLedger + " does not exist yet: if that history is this deployment's (it ran with "
                            + "the former fixed names), keep it: set WITHDRAWAL_LEDGER_TOPIC=cryptocloud.withdrawal.ledger "
                            + "and WITHDRAWAL_SUBMISSIONS_TOPIC=cryptocloud.withdrawal.submissions; if it is another "
                            + "deployment's, set WITHDRAWAL_LEDGER_TOPIC=" + derivedLedger);
            assertThat(refused.log()).doesNotContain("\tat ");
            try (Admin admin = Admin.create(broker.clientProperties())) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("topics after the refusal")
                        .doesNotContain(derivedLedger, deployment.commandsTopic() + ".submissions");
            }
            assertThat(deployment.calls()).isEmpty();

            deployment.set("WITHDRAWAL_LEDGER_TOPIC", FORMER_LEDGER).set("WITHDRAWAL_SUBMISSIONS_TOPIC", FORMER_QUEUE);
            deployment.startService();
            assertHistoryAndQueueKept(deployment, earlier);
        }
    }

    /**
     * What an earlier version of the deployment (intake group {@code KAFKA_GROUP_ID}) left: it
     * read two commands; paid the first (ledger {@code done}, submission committed); the second
     * waits in the queue. Both intake offsets are committed.
     */
    private static EarlierVersion leftBehindByAnEarlierVersion(ProcessScenario deployment, EmbeddedKafkaBroker broker)
            throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(FORMER_QUEUE, 1, (short) 1),
                    new NewTopic(FORMER_LEDGER, 1, (short) 1).configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        String paid = deployment.publishNew("paid-earlier");
        String queued = deployment.publishNew("queued-earlier");
        Map<String, Object> producerSettings = new HashMap<>(broker.clientProperties());
        producerSettings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerSettings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> intake = new KafkaProducer<>(producerSettings)) {
            for (String requestId : List.of(paid, queued)) {
                intake.send(new ProducerRecord<>(FORMER_QUEUE, requestId, command(deployment, requestId))).get();
            }
        }
        producerSettings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cryptocloud-withdrawals:" + FORMER_LEDGER + ":default");
        try (KafkaProducer<String, String> ledger = new KafkaProducer<>(producerSettings)) {
            ledger.initTransactions();
            long called = System.currentTimeMillis() - 60_000;
            BigDecimal amount = deployment.amountOf(paid);
            ProducerRecord<String, String> done = new ProducerRecord<>(FORMER_LEDGER, 0, paid,
                    "{\"kind\":\"SUCCEEDED\",\"ce_id\":\"earlier-ce-id\",\"time\":\"" + Instant.ofEpochMilli(called + 300)
                            + "\",\"submission\":\"0@0\",\"body\":{\"request_id\":\"" + paid + "\",\"invoice_id\":"
                            + "\"INV-EARLIER\",\"status\":\"created\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                            + TRON_ADDRESS + "\",\"amount\":\"" + amount.toPlainString() + "\",\"metadata\":null,"
                            + "\"submitted_at\":\"" + Instant.ofEpochMilli(called) + "\",\"completed_at\":\""
                            + Instant.ofEpochMilli(called + 300) + "\",\"response\":{\"uuid\":\"INV-EARLIER\"}}}");
            header(done, "state", "done");
            header(done, "fingerprint", Long.toString(Fingerprint.of("USDT_TRC20", TRON_ADDRESS, amount)));
            header(done, "call_started_ms", Long.toString(called));
            header(done, "answered_ms", Long.toString(called + 300));
            header(done, "instance", "1@earlier-version#0");
            ledger.beginTransaction();
            ledger.send(done);
            ledger.commitTransaction();
        }
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.alterConsumerGroupOffsets(deployment.intakeGroup(),
                    Map.of(new TopicPartition(deployment.commandsTopic(), 0), new OffsetAndMetadata(2))).all().get();
            admin.alterConsumerGroupOffsets(deployment.intakeGroup() + ".submitter",
                    Map.of(new TopicPartition(FORMER_QUEUE, 0), new OffsetAndMetadata(1))).all().get();
        }
        return new EarlierVersion(paid, queued);
    }

    /** The queued command is paid once; the paid one is not replayed until it is published again. */
    private static void assertHistoryAndQueueKept(ProcessScenario deployment, EarlierVersion earlier) {
        Event queued = deployment.awaitEvents(earlier.queued(), 1, WAIT).get(0);
        assertThat(queued.topic()).isEqualTo(deployment.succeededTopic());
        deployment.drain(WAIT);
        assertThat(deployment.events().stream().filter(ProcessScenario::replayed)).as("replays before any duplicate")
                .isEmpty();
        assertThat(deployment.eventsFor(earlier.paid())).as("the request paid before the upgrade").isEmpty();

        deployment.publish(earlier.paid());
        Event replay = deployment.awaitEvents(earlier.paid(), 1, WAIT).get(0);
        deployment.drain(WAIT);
        assertThat(replay.headers()).containsEntry("replayed", "true");
        assertThat(replay.body().path("invoice_id").asText()).isEqualTo("INV-EARLIER");
        assertThat(deployment.callsFor(earlier.paid())).as("calls for the request paid before the upgrade").isEmpty();
        assertThat(deployment.callsFor(earlier.queued())).as("calls for the command left queued").hasSize(1);
        for (String id : deployment.requestIds()) {
            assertThat(deployment.eventsFor(id)).as("events of " + id).hasSize(1);
        }
    }

    private static String command(ProcessScenario deployment, String requestId) {
        return "{\"request_id\":\"" + requestId + "\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                + TRON_ADDRESS + "\",\"amount\":\"" + deployment.amountOf(requestId).toPlainString() + "\"}";
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
