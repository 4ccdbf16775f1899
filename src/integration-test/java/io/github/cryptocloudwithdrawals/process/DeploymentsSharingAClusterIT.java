package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §2 "Deployments sharing a cluster": a deployment is its commands topic. Two deployments
 * on one cluster never pay, publish or replay each other's commands, with only the SPEC's
 * settings and whatever is left queued in either; one deployment restarted under another
 * {@code KAFKA_GROUP_ID}, or copied by mistake, pays no {@code request_id} twice; two deployments
 * given the same explicit internal topic hold or refuse, never pay the other's commands.
 */
class DeploymentsSharingAClusterIT {

    private static final String HELD = "holds a submission of another deployment";

    @Test
    @Timeout(240)
    void twoDeploymentsPayOnlyTheirOwnCommandsWithTheirOwnKeysWhateverIsLeftQueued() throws Exception {
        try (ProcessScenario a = new ProcessScenario("deployment-a", TestKafka.bootstrapServers(), 300)) {
            ProcessScenario b = a.anotherDeployment("deployment-b");

            // A pays its first command slowly and is stopped meanwhile: three valid commands stay queued
            a.sandbox.enqueue(SandboxAnswer.delayed(2000, SandboxAnswer.success()));
            ServiceProcess firstA = a.startService();
            String paidByA = a.publishNew("a-paid");
            List<String> leftInA = List.of(a.publishNew("a-left"), a.publishNew("a-left"), a.publishNew("a-left"));
            waitFor("A's intake passed all four commands on to its queue").atMost(WAIT)
                    .until(() -> a.committedOffset(a.intakeGroup(), a.commandsTopic()) == 4);
            a.awaitCalls(1, WAIT);
            firstA.terminate();
            assertThat(firstA.waitForExit(Duration.ofSeconds(30))).as("A exited after SIGTERM").isTrue();
            assertThat(a.calls()).as("A stopped with three commands queued").hasSize(1);

            // B: another group, other topics, its own key, nothing else
            b.startService();
            List<String> ownOfB = List.of(b.publishNew("b-own"), b.publishNew("b-own"));
            b.awaitResults(ownOfB, WAIT);
            b.drain(WAIT);
            assertOnlyOwnCommands(b);
            assertThat(leftInA.stream().flatMap(id -> a.callsFor(id).stream())).as("A's leftovers while A is stopped")
                    .isEmpty();

            // A again, B still running: A pays its leftovers, on its own topics, with its own key
            a.startService();
            a.awaitResults(leftInA, WAIT);
            a.drain(WAIT);
            b.publishNew("b-later");
            b.drain(WAIT);

            assertOnlyOwnCommands(a);
            assertOnlyOwnCommands(b);
            for (ProcessScenario deployment : List.of(a, b)) {
                deployment.assertNothingPaidTwiceNothingLost();
                for (String id : deployment.requestIds()) {
                    assertThat(deployment.eventsFor(id)).as("events of " + id + ": one, not replayed").hasSize(1)
                            .noneMatch(ProcessScenario::replayed);
                }
            }
            assertThat(a.eventsFor(paidByA).get(0).topic()).isEqualTo(a.succeededTopic());
        }
    }

    /** Every call with the deployment's key was for one of its commands, every event on its topics too. */
    private static void assertOnlyOwnCommands(ProcessScenario deployment) {
        List<String> paidWithItsKey = deployment.callsWithThisKey().stream().map(deployment::requestIdOf).toList();
        assertThat(paidWithItsKey).as("commands paid with the key of " + deployment.run)
                .allMatch(deployment.requestIds()::contains);
        assertThat(deployment.events().stream().map(Event::key)).as("events on the topics of " + deployment.run)
                .allMatch(deployment.requestIds()::contains);
    }

    @Test
    @Timeout(240)
    void aRenamedGroupAndAStrayCopyOnTheSameCommandsTopicPayNothingTwice() throws Exception {
        try (ProcessScenario deployment = new ProcessScenario("one-deployment", TestKafka.bootstrapServers(), 300)) {
            ServiceProcess first = deployment.startService();
            List<String> early = List.of(deployment.publishNew("early"), deployment.publishNew("early"),
                    deployment.publishNew("early"));
            String invalid = "invalid-" + deployment.run;
            deployment.publishRaw(invalid, "{\"request_id\":\"" + invalid + "\",\"currency_code\":\"USDT_TRC20\","
                    + "\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u\",\"amount\":\"1\"}");
            deployment.awaitResults(early, WAIT);
            String firstSentinel = deployment.drain(WAIT);
            first.terminate();
            assertThat(first.waitForExit(Duration.ofSeconds(30))).as("exited after SIGTERM").isTrue();
            List<String> beforeRename = new ArrayList<>(deployment.requestIds());

            // the same deployment under a new KAFKA_GROUP_ID: its intake reads the commands topic from the beginning
            deployment.set("KAFKA_GROUP_ID", "renamed-" + deployment.run);
            ServiceProcess renamed = deployment.startService();
            awaitIntakeAtTheEnd(deployment);
            deployment.drain(WAIT);
            for (String id : beforeRename) {
                List<Event> events = deployment.eventsFor(id);
                assertThat(deployment.callsFor(id)).as("calls for " + id + " after the rename").hasSize(1);
                assertThat(events).as("events of " + id + ": the result, then one replay for the re-read command")
                        .hasSize(2);
                assertThat(events.get(1).headers()).as("the re-read " + id).containsEntry("replayed", "true");
            }
            assertThat(deployment.eventsFor(invalid)).as("the invalid command is answered again, by validation")
                    .hasSize(2).allSatisfy(e -> {
                        assertThat(e.errorType()).isEqualTo("validation");
                        assertThat(e.headers()).doesNotContainKey("replayed");
                    });

            // a second copy started by mistake under yet another group, while the renamed one runs
            deployment.set("KAFKA_GROUP_ID", "stray-" + deployment.run);
            ServiceProcess stray = deployment.startService();
            List<String> late = List.of(deployment.publishNew("late"), deployment.publishNew("late"),
                    deployment.publishNew("late"));
            deployment.awaitResults(late, WAIT);
            awaitIntakeAtTheEnd(deployment);
            deployment.drain(WAIT);
            assertThat(renamed.isAlive() && stray.isAlive()).as("both copies ran throughout").isTrue();

            deployment.assertNothingPaidTwiceNothingLost();
            for (String id : deployment.requestIds()) {
                assertThat(deployment.callsFor(id)).as("calls for " + id).hasSize(1);
            }
            for (String id : early) {
                assertThat(deployment.eventsFor(id)).as("events of " + id + ": a replay for each further intake group")
                        .hasSize(3);
            }
            assertThat(deployment.eventsFor(firstSentinel)).hasSize(3);
            System.out.printf("rename and stray copy: %d calls for %d commands%n", deployment.calls().size(),
                    deployment.requestIds().size());
        }
    }

    /** Waits until the intake of the group now configured has read every command published so far. */
    private static void awaitIntakeAtTheEnd(ProcessScenario deployment) {
        long end = deployment.endOffsets(deployment.commandsTopic()).get(deployment.commandsTopic());
        waitFor("the intake of " + deployment.intakeGroup() + " at offset " + end).atMost(WAIT)
                .until(() -> deployment.committedOffset(deployment.intakeGroup(), deployment.commandsTopic()) >= end);
    }

    @Test
    @Timeout(240)
    void twoDeploymentsGivenTheSameExplicitQueueHoldEachOthersCommandsAndTheSameLedgerIsRefused() throws Exception {
        try (ProcessScenario a = new ProcessScenario("explicit-a", TestKafka.bootstrapServers(), 300)) {
            ProcessScenario b = a.anotherDeployment("explicit-b");
            String sharedQueue = "shared-queue-" + a.run;
            String sharedLedger = "shared-ledger-" + a.run;
            a.set("WITHDRAWAL_SUBMISSIONS_TOPIC", sharedQueue).set("WITHDRAWAL_LEDGER_TOPIC", sharedLedger)
                    // A purges its consumed commands once, after the first: the second stays in the queue for B to meet
                    .set("WITHDRAWAL_QUEUE_PURGE_INTERVAL_MS", "600000");
            b.set("WITHDRAWAL_SUBMISSIONS_TOPIC", sharedQueue);

            ServiceProcess serviceA = a.startService();
            String fromA = a.publishNew("from-a");
            a.awaitResults(List.of(fromA), WAIT);
            String fromA2 = a.publishNew("from-a-again");
            a.awaitResults(List.of(fromA2), WAIT);
            ServiceProcess serviceB = b.startService();
            String fromB = b.publishNew("from-b");
            waitFor("both deployments holding the other's submission, or a wrong payment or event").atMost(WAIT)
                    .until(() -> (serviceA.logContains(HELD) && serviceB.logContains(HELD))
                            || !b.events().isEmpty() || !a.eventsFor(fromB).isEmpty() || !b.callsFor(fromB).isEmpty());

            for (String own : List.of(fromA, fromA2)) {
                assertThat(a.callsFor(own)).as("calls for A's command " + own).hasSize(1)
                        .allSatisfy(call -> assertThat(keyOf(call)).isEqualTo(a.apiKey));
            }
            assertThat(b.callsFor(fromB)).as("calls for B's command, which A's submitter holds").isEmpty();
            assertThat(b.events()).as("events on B's topics").isEmpty();
            assertThat(a.events().stream().map(Event::key)).as("events on A's topics").containsExactly(fromA, fromA2);

            HttpResponse<String> readyA = ProcessScenario.readiness(serviceA);
            assertThat(readyA.statusCode()).as("readiness of A").isEqualTo(503);
            assertThat(readyA.body()).contains(sharedQueue).contains(b.commandsTopic()).contains("WITHDRAWAL_SUBMISSIONS_TOPIC");
            HttpResponse<String> readyB = ProcessScenario.readiness(serviceB);
            assertThat(readyB.statusCode()).as("readiness of B").isEqualTo(503);
            assertThat(readyB.body()).contains(sharedQueue).contains(a.commandsTopic());
            assertThat(serviceA.management("/observe/health/live").statusCode()).as("liveness of A").isEqualTo(200);

            // B again, now also given A's ledger: refused before it reads anything
            serviceB.terminate();
            assertThat(serviceB.waitForExit(Duration.ofSeconds(30))).as("B exited after SIGTERM").isTrue();
            b.set("WITHDRAWAL_SUBMISSIONS_TOPIC", null).set("WITHDRAWAL_LEDGER_TOPIC", sharedLedger);
            ServiceProcess refused = b.launch();
            assertThat(refused.waitForExit(ProcessScenario.STARTUP)).as("B given A's ledger exits").isTrue();
            assertThat(refused.exitValue()).isEqualTo(2);
            assertThat(refused.log().lines().filter(line -> line.startsWith("cryptocloud-withdrawals cannot start: ")))
                    .singleElement().isEqualTo("cryptocloud-withdrawals cannot start: the ledger " + sharedLedger
                            + " holds records of another deployment (commands topic " + a.commandsTopic() + "); two "
                            + "deployments must never share a ledger: give each its own WITHDRAWAL_LEDGER_TOPIC (by "
                            + "default <commands topic>.ledger)");
            assertThat(refused.log()).doesNotContain("\tat ");

            assertThat(b.callsFor(fromB)).as("calls for B's command in the end").isEmpty();
            assertThat(serviceA.countLog(HELD)).as("A logged the held submission once").isEqualTo(1);
            assertThat(serviceA.log().lines().filter(line -> line.contains(HELD))).singleElement().asString()
                    .contains("ERROR");
        }
    }

    private static String keyOf(RecordedRequest call) {
        return call.header("Authorization").substring("Token ".length());
    }
}
