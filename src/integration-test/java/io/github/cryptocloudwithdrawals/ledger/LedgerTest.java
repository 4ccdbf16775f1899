package io.github.cryptocloudwithdrawals.ledger;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.history.RequestState;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.LedgerTopic;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ledger on a real broker, as instances of the service use it: two {@link Ledger}s on one
 * topic play two instances (one process, so they share its instance name).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LedgerTest {

    private static final DeploymentStamp STAMP = new DeploymentStamp("ledger-test.commands");
    private static final long FINGERPRINT = 42;

    private final List<Ledger> started = new ArrayList<>();
    private String topic;

    @BeforeEach
    void createTopic() throws Exception {
        topic = "ledger-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(client())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stopLedgers() {
        started.forEach(Ledger::stop);
    }

    private static Map<String, Object> client() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    }

    private Ledger instance() {
        Properties connection = new Properties();
        connection.putAll(client());
        Ledger ledger = new Ledger(topic, STAMP, () -> connection);
        ledger.start();
        started.add(ledger);
        return ledger;
    }

    private static ResultEvent succeeded(String requestId) {
        ObjectNode body = JsonMapping.MAPPER.createObjectNode().put("request_id", requestId).put("invoice_id", "INV-1");
        return new ResultEvent(ResultEvent.Kind.SUCCEEDED, requestId, body, UUID.randomUUID().toString(),
                Instant.parse("2026-11-25T10:00:00.456Z"), false);
    }

    private static RequestState state(LedgerScope scope, String requestId) {
        return scope.lookup(requestId).map(LedgerEntry::state).orElse(null);
    }

    @Test
    void anotherInstanceKnowsACommittedRequestAtOnceAndReadsItOnceTheCommitIsComplete() {
        Ledger one = instance();
        Ledger other = instance();
        LedgerScope writing = one.scope("treasury");
        writing.claim();

        writing.recordInFlight("payout-1", FINGERPRINT, Instant.now());

        // the intake's question reads up to the ledger's end, written or committed: at once
        assertThat(other.intake().mayKnow("treasury", "payout-1")).isTrue();
        assertThat(other.intake().mayKnow("treasury", "payout-2")).isFalse();
        // a lookup reads committed records, and Kafka marks a transaction committed on the partition
        // only after commitTransaction returned: another instance reads it a moment later (under load
        // an immediate lookup missed it about once in 60 runs; a takeover's claim waits for it)
        waitFor("the other instance reads the committed record").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(other.scope("treasury").lookup("payout-1")).hasValueSatisfying(entry -> {
                    assertThat(entry.state()).isEqualTo(RequestState.IN_FLIGHT);
                    assertThat(entry.fingerprint()).isEqualTo(FINGERPRINT);
                }));
        assertThat(other.scope("affiliates").lookup("payout-1")).as("the same id in another account").isEmpty();
        assertThat(other.scope(null).lookup("payout-1")).as("the same id in the default account").isEmpty();
    }

    @Test
    void aTakeoverFencesThePreviousWriterAndReadsWhatItRecorded() {
        Ledger before = instance();
        Ledger after = instance();
        LedgerScope previous = before.scope(null);
        previous.claim();
        previous.recordInFlight("payout-1", FINGERPRINT, Instant.now());

        LedgerScope taking = after.scope(null);
        taking.claim();

        assertThat(state(taking, "payout-1")).isEqualTo(RequestState.IN_FLIGHT);
        assertThatThrownBy(() -> previous.recordDone("payout-1", FINGERPRINT, null, null, succeeded("payout-1"), "0@1"))
                .isInstanceOf(LedgerWriterLostException.class).hasMessageContaining("another instance took over");
        taking.recordDone("payout-1", FINGERPRINT, null, null, succeeded("payout-1"), "0@1");
        // once Kafka has marked the takeover's transaction committed on the partition (after its commit returned)
        waitFor("the fenced instance reads the takeover's result").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(state(previous, "payout-1")).isEqualTo(RequestState.DONE));
    }

    @Test
    void aResultIsReadBackAsRecordedWhileAnotherClientsTransactionIsOpen() {
        Ledger one = instance();
        LedgerScope scope = one.scope(null);
        scope.claim();
        try (LedgerTopic.ForeignWriter foreign = new LedgerTopic(client(), topic).foreignWriter()) {
            foreign.openTransaction();
            ResultEvent paid = succeeded("payout-1");
            scope.recordInFlight("payout-1", FINGERPRINT, Instant.now());
            scope.recordDone("payout-1", FINGERPRINT, Instant.now(), Instant.now(), paid, "0@7");

            LedgerEntry entry = scope.lookup("payout-1").orElseThrow();
            RecordedResult recorded = scope.result("payout-1", entry);
            assertThat(recorded.event()).isEqualTo(paid);
            assertThat(recorded.submission()).isEqualTo("0@7");

            // a fresh instance reads committed records only up to the open transaction...
            Ledger other = instance();
            assertThat(other.scope(null).lookup("payout-1")).isEmpty();
            // ...and still never says it does not know the request
            assertThat(other.intake().mayKnow(null, "payout-1")).isTrue();
            RecordedResult readBack = other.scope(null).result("payout-1", entry);
            assertThat(readBack.event()).isEqualTo(paid);
        }
    }

    @Test
    void behindAnOpenTransactionEachIntakeBatchKnowsEveryRequestRecordedBeforeIt() {
        LedgerScope writing = instance().scope(null);
        writing.claim();
        Ledger intake = instance();
        try (LedgerTopic.ForeignWriter foreign = new LedgerTopic(client(), topic).foreignWriter()) {
            foreign.openTransaction();
            writing.recordInFlight("payout-1", FINGERPRINT, Instant.now());

            BiPredicate<String, String> first = intake.intake().mayKnowDuringOneBatch();
            assertThat(first.test(null, "payout-1")).as("recorded before the first batch").isTrue();
            assertThat(first.test(null, "payout-2")).as("not recorded").isFalse();

            writing.recordInFlight("payout-2", FINGERPRINT, Instant.now());
            BiPredicate<String, String> second = intake.intake().mayKnowDuringOneBatch();
            // the second batch fetches only what was written since the first: both are known
            assertThat(second.test(null, "payout-1")).as("recorded before the first batch").isTrue();
            assertThat(second.test(null, "payout-2")).as("recorded before the second batch").isTrue();
            assertThat(second.test("treasury", "payout-1")).as("the same id in another account").isFalse();
            assertThat(intake.scope(null).lookup("payout-2")).as("committed, but behind the open transaction").isEmpty();
        }
    }

    @Test
    void anAccountWaitingForItsTakeoverReadHoldsNoOtherAccount() throws Exception {
        Ledger one = instance();
        LedgerScope steady = one.scope("steady");
        steady.claim();
        LedgerScope joining = one.scope("joining");
        CompletableFuture<Void> joined;
        try (LedgerTopic.ForeignWriter foreign = new LedgerTopic(client(), topic).foreignWriter()) {
            foreign.openTransaction();
            // its takeover read goes up to the end of the topic: past the open transaction
            joined = CompletableFuture.runAsync(joining::claim);

            for (int i = 1; i <= 5; i++) {
                String id = "payout-" + i;
                assertThat(steady.lookup(id)).isEmpty();
                steady.recordInFlight(id, FINGERPRINT, Instant.now());
                steady.recordDone(id, FINGERPRINT, Instant.now(), Instant.now(), succeeded(id), "0@" + i);
                assertThat(state(steady, id)).isEqualTo(RequestState.DONE);
                assertThat(one.intake().mayKnow("steady", id)).isTrue();
            }
            assertThat(joined).as("the joining account's takeover, while the transaction is open").isNotDone();
        }
        joined.get(30, TimeUnit.SECONDS);
        joining.recordInFlight("payout-1", FINGERPRINT, Instant.now());
        assertThat(state(joining, "payout-1")).isEqualTo(RequestState.IN_FLIGHT);
        assertThat(state(steady, "payout-1")).isEqualTo(RequestState.DONE);
    }

    @Test
    void theLastCallOfAnotherProcessIsKnownAndThisProcesssOwnIsNot() throws Exception {
        Ledger one = instance();
        LedgerScope scope = one.scope("treasury");
        scope.claim();
        Instant othersCall = Instant.parse("2026-11-25T10:00:00Z");
        Instant othersAnswer = othersCall.plusMillis(1500);
        write(new LedgerRecords.Facts(RequestState.NOT_SENT, FINGERPRINT, othersCall.toEpochMilli(),
                othersAnswer.toEpochMilli(), "treasury", "1@elsewhere#1", STAMP.commandsTopic()), "treasury/payout-1");
        scope.recordInFlight("payout-2", FINGERPRINT, othersAnswer.plusSeconds(60));

        // a lookup reads what was committed before it
        scope.lookup("payout-1");

        assertThat(scope.othersLastCall()).hasValue(othersAnswer);
        assertThat(one.scope("affiliates").othersLastCall()).isEmpty();
    }

    @Test
    void aLedgerHoldingAnotherDeploymentsRecordsIsNotLoaded() throws Exception {
        write(new LedgerRecords.Facts(RequestState.IN_FLIGHT, FINGERPRINT, null, null, null, "1@elsewhere#1",
                "other.commands"), "payout-1");
        Properties connection = new Properties();
        connection.putAll(client());
        Ledger ledger = new Ledger(topic, STAMP, () -> connection);
        ledger.setCamelContext(new org.apache.camel.impl.DefaultCamelContext());
        try {
            assertThatThrownBy(ledger::start).rootCause().isInstanceOf(VetoCamelContextStartException.class)
                    .hasMessageContaining("holds records of another deployment (commands topic other.commands)");
        } finally {
            ledger.stop();
        }
    }

    /** A record as another process writes it. */
    private void write(LedgerRecords.Facts facts, String key) throws Exception {
        Map<String, Object> settings = new java.util.HashMap<>(client());
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, key,
                    LedgerRecords.stateOnly(facts.state()));
            LedgerRecords.write(facts, record.headers());
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFinalResultIsAnsweredFromMemoryWithoutAskingKafka() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic(topic, 1);
            Properties connection = new Properties();
            connection.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            Ledger ledger = new Ledger(topic, STAMP, () -> connection);
            ledger.start();
            try {
                LedgerScope scope = ledger.scope(null);
                scope.claim();
                ResultEvent paid = succeeded("payout-1");
                scope.recordDone("payout-1", FINGERPRINT, null, null, paid, "0@1");
                broker.stop();

                // nothing is ever recorded after a final result: a duplicate needs no round trip to Kafka
                LedgerEntry entry = scope.lookup("payout-1").orElseThrow();
                assertThat(entry.state()).isEqualTo(RequestState.DONE);
                assertThat(scope.result("payout-1", entry).event()).isEqualTo(paid);
                broker.startAgain();
            } finally {
                ledger.stop();
            }
        }
    }

    @Test
    void afterARestartTheResultsRecordedAfterOneReadBackAreAnsweredWithoutAskingKafkaAgain() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic(topic, 1);
            Properties connection = new Properties();
            connection.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            List<ResultEvent> paid = new ArrayList<>();
            Ledger before = new Ledger(topic, STAMP, () -> connection);
            before.start();
            try {
                LedgerScope scope = before.scope("treasury");
                scope.claim();
                for (int i = 1; i <= 3; i++) {
                    paid.add(succeeded("payout-" + i));
                    scope.recordInFlight("payout-" + i, FINGERPRINT, Instant.now());
                    scope.recordDone("payout-" + i, FINGERPRINT, null, null, paid.get(i - 1), "0@" + i);
                }
            } finally {
                before.stop();
            }
            // restarted: the index is loaded, no result is in memory
            Ledger after = new Ledger(topic, STAMP, () -> connection);
            after.start();
            try {
                // Kafka marks the last commit on the partition a moment after it returned
                LedgerScope treasury = after.scope("treasury");
                waitFor("the restarted ledger reading the last commit").atMost(Duration.ofSeconds(30))
                        .until(() -> state(treasury, "payout-3") == RequestState.DONE);
                assertThat(after.intake().finished("treasury", "payout-1").map(f -> f.result().event())).hasValue(paid.get(0));
                broker.stop();

                // a renamed group re-reading the commands topic asks for results in the order they were recorded
                assertThat(after.intake().finished("treasury", "payout-2").map(f -> f.result().event())).hasValue(paid.get(1));
                assertThat(after.intake().finished("treasury", "payout-3").map(f -> f.result().event())).hasValue(paid.get(2));
                broker.startAgain();
            } finally {
                after.stop();
            }
        }
    }
}
