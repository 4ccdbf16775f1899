package io.github.cryptocloudwithdrawals.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeploymentNamesTest {

    @ParameterizedTest(name = "{0} (queue {1}, ledger {2})")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // commands topic              | explicit queue | explicit ledger | queue                                | treasury's queue                              | ledger                         | derived | submitter group                      | treasury's group
            "cryptocloud.withdrawal.commands | -              | -               | cryptocloud.withdrawal.submissions  | cryptocloud.withdrawal.submissions.treasury  | cryptocloud.withdrawal.ledger | true    | cryptocloud.withdrawal.submitter     | cryptocloud.withdrawal.submitter.treasury",
            "payouts                         | -              | -               | payouts.submissions                 | payouts.submissions.treasury                 | payouts.ledger                | true    | payouts.submitter                    | payouts.submitter.treasury",
            "eu.payouts.commands             | ''             | '  '            | eu.payouts.commands.submissions     | eu.payouts.commands.submissions.treasury     | eu.payouts.commands.ledger    | true    | eu.payouts.commands.submitter        | eu.payouts.commands.submitter.treasury",
            // explicit names (ACLs, pre-created topics) are kept; the groups still derive from the commands topic
            "payouts                         | acl-queue      | acl-ledger      | acl-queue                           | acl-queue.treasury                           | acl-ledger                    | false   | payouts.submitter                    | payouts.submitter.treasury",
            "cryptocloud.withdrawal.commands | ' q '          | -               | q                                   | q.treasury                                   | cryptocloud.withdrawal.ledger | true    | cryptocloud.withdrawal.submitter     | cryptocloud.withdrawal.submitter.treasury",
            // the upgrade of a custom deployment that keeps the former fixed names
            "payouts | cryptocloud.withdrawal.submissions | cryptocloud.withdrawal.ledger | cryptocloud.withdrawal.submissions | cryptocloud.withdrawal.submissions.treasury | cryptocloud.withdrawal.ledger | false | payouts.submitter | payouts.submitter.treasury"})
    void internalNamesDeriveFromTheCommandsTopic(String commands, String queueSetting, String ledgerSetting,
                                                 String queue, String treasuryQueue, String ledger, boolean derived,
                                                 String group, String treasuryGroup) {
        DeploymentNames names = DeploymentNames.of(commands, queueSetting, ledgerSetting);

        assertThat(names.commandsTopic()).isEqualTo(commands);
        assertThat(names.submissionsTopic(null)).isEqualTo(queue);
        assertThat(names.submissionsTopic("treasury")).isEqualTo(treasuryQueue);
        assertThat(names.ledgerTopic()).isEqualTo(ledger);
        assertThat(names.ledgerDerived()).isEqualTo(derived);
        assertThat(names.submitterGroup(null)).isEqualTo(group);
        assertThat(names.submitterGroup("treasury")).isEqualTo(treasuryGroup);
    }

    @ParameterizedTest
    @CsvSource({"cryptocloud.withdrawal.commands, cryptocloud.withdrawal.resolutions, cryptocloud.withdrawal.resolver",
            "payouts, payouts.resolutions, payouts.resolver",
            "eu.payouts.commands, eu.payouts.commands.resolutions, eu.payouts.commands.resolver"})
    void theResolutionsTopicAndItsGroupDeriveFromTheCommandsTopic(String commands, String resolutions, String group) {
        DeploymentNames names = DeploymentNames.of(commands, "", "");
        assertThat(names.resolutionsTopic()).isEqualTo(resolutions);
        assertThat(names.resolverGroup()).isEqualTo(group);
    }

    @ParameterizedTest
    @CsvSource({"cryptocloud-withdrawals, , cryptocloud-withdrawals.submitter",
            "cryptocloud-withdrawals, treasury, cryptocloud-withdrawals.submitter.treasury",
            "team-a, eu-payouts, team-a.submitter.eu-payouts"})
    void theFormerSubmitterGroupDerivedFromTheIntakeGroup(String groupId, String account, String former) {
        assertThat(DeploymentNames.formerSubmitterGroup(groupId, account)).isEqualTo(former);
    }

    @ParameterizedTest
    @ValueSource(strings = {"payouts.submissions", "payouts.ledger", "payouts.submissions.treasury",
            "cryptocloud.withdrawal.submissions", "cryptocloud.withdrawal.ledger", "a.b.submissions.eu-payouts",
            "payouts.resolutions", "cryptocloud.withdrawal.resolutions"})
    void aCommandsTopicCannotTakeTheNameOfAnotherDeploymentsInternalTopic(String commands) {
        assertThatThrownBy(() -> DeploymentNames.of(commands, "", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is '" + commands + "': names ending in '.submissions', '.ledger' or '.resolutions' (or "
                        + "'.submissions.<account>') are the topics a deployment derives; choose another name");
        assertThat(DeploymentNames.reservedReason(commands)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"payouts", "cryptocloud.withdrawal.commands", "cryptocloud.withdrawal.succeeded",
            "submissions", "ledger", ".ledger", "payouts.submissions-v2", "payouts.ledgers", "payouts.submissions.Treasury",
            "payouts.submissions.a.b"})
    void otherNamesAreFree(String topic) {
        assertThat(DeploymentNames.reservedReason(topic)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "payouts"})
    void theCommandsTopicWhoseNamesWouldBeTheDefaultDeploymentsIsRefused(String explicitQueue) {
        assertThatThrownBy(() -> DeploymentNames.of("cryptocloud.withdrawal", explicitQueue, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is 'cryptocloud.withdrawal': its internal topics would be those of the deployment on "
                        + "'cryptocloud.withdrawal.commands'; choose another name");
    }

    @ParameterizedTest(name = "{0}, ledger set: {1}, existing topics: {2} -> look at the former ledger: {3}")
    @CsvSource({
            // a custom deployment's first start with this version, on a cluster where the former ledger exists
            "payouts,                         '',                            cryptocloud.withdrawal.ledger,                true",
            "payouts,                         '',                            'cryptocloud.withdrawal.ledger other',        true",
            // it has started with this version before: its own ledger exists
            "payouts,                         '',                            'cryptocloud.withdrawal.ledger payouts.ledger', false",
            // no earlier version ran on the cluster
            "payouts,                         '',                            '',                                           false",
            // the operator chose, by naming the ledger
            "payouts,                         payouts.ledger,                cryptocloud.withdrawal.ledger,                false",
            "payouts,                         cryptocloud.withdrawal.ledger, cryptocloud.withdrawal.ledger,                false",
            // the default deployment keeps the former names
            "cryptocloud.withdrawal.commands, '',                            cryptocloud.withdrawal.ledger,                false",
            "cryptocloud.withdrawal.commands, '',                            '',                                           false"})
    void onlyADerivedLedgerThatDoesNotExistNextToTheFormerOneMayLeaveHistoryBehind(String commands, String ledgerSetting,
                                                                                 String existing, boolean look) {
        DeploymentNames names = DeploymentNames.of(commands, "", ledgerSetting);

        assertThat(names.mayHaveHistoryInFormerLedger(Set.of(existing.isEmpty() ? new String[0] : existing.split(" "))))
                .isEqualTo(look);
    }

    @ParameterizedTest(name = "latest stamp {0} -> refused: {1}")
    @CsvSource(nullValues = "-", value = {
            // unstamped: written by an earlier version, maybe of this deployment
            "-,                               true",
            // written by this deployment, which had named the former ledger explicitly before
            "payouts,                         true",
            // another deployment's ledger now: nothing of this one's can be there any more
            "cryptocloud.withdrawal.commands, false",
            "refunds,                         false"})
    void theFormerLedgerStopsStartUpUnlessItsLatestRecordIsAnotherDeployments(String latestStamp, boolean refused) {
        assertThat(DeploymentNames.of("payouts", "", "").formerLedgerConflict(latestStamp).isPresent()).isEqualTo(refused);
    }

    @org.junit.jupiter.api.Test
    void theFormerLedgerConflictNamesBothWaysOut() {
        assertThat(DeploymentNames.of("payouts", "", "").formerLedgerConflict(null)).hasValue(
                "the request ledger of earlier versions, cryptocloud.withdrawal.ledger, holds requests, and this "
                        + "deployment's ledger payouts.ledger does not exist yet: if that history is this deployment's "
                        + "(it ran with the former fixed names), keep it: set WITHDRAWAL_LEDGER_TOPIC="
                        + "cryptocloud.withdrawal.ledger and WITHDRAWAL_SUBMISSIONS_TOPIC=cryptocloud.withdrawal.submissions; "
                        + "if it is another deployment's, set WITHDRAWAL_LEDGER_TOPIC=payouts.ledger");
    }
}
