package io.github.cryptocloudwithdrawals.deployment;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A deployment is its commands topic: every internal name derives from it, so two deployments
 * sharing a Kafka cluster with different commands topics never share a queue, a ledger, a
 * submitter group or a ledger writer (transactional id), whatever else they are given.
 *
 * <p>From the commands topic {@code C}: the queue {@code C.submissions} (a named account's:
 * {@code C.submissions.<account>}), the ledger {@code C.ledger}, the submitter groups
 * {@code C.submitter} ({@code C.submitter.<account>}), the operators' resolutions topic
 * {@code C.resolutions} and its consumer group {@code C.resolver}. The default commands topic keeps the names
 * earlier versions used for every deployment ({@code cryptocloud.withdrawal.submissions}, ...),
 * so the common set-up upgrades without a setting. The queue and the ledger may still be named
 * explicitly (ACLs, pre-created topics); the submitter groups always derive from the commands
 * topic, never from {@code KAFKA_GROUP_ID}: a renamed intake group, or a stray second copy on the
 * same commands topic, joins the same submitter group, so each account keeps one caller.
 *
 * <p>To keep the mapping one-to-one, no deployment's own topics may take a name another
 * deployment derives: the commands topic {@code cryptocloud.withdrawal} (whose names would be the
 * default deployment's), and names ending in {@code .submissions}, {@code .ledger} or
 * {@code .resolutions}, or of the form {@code <topic>.submissions.<account>} (another deployment's
 * queue, ledger or resolutions: a deployment must never apply another's resolutions).
 *
 * @param commandsTopic    what identifies the deployment
 * @param submissionsTopic the default account's queue; a named account's appends {@code .<account>}
 * @param ledgerTopic      the request ledger
 * @param ledgerDerived    false when the ledger was named explicitly
 * @param base             what the derived names start with
 */
public record DeploymentNames(String commandsTopic, String submissionsTopic, String ledgerTopic,
                              boolean ledgerDerived, String base) {

    /** The commands topic of the common set-up; its internal names are those of earlier versions. */
    public static final String DEFAULT_COMMANDS_TOPIC = "cryptocloud.withdrawal.commands";
    /** The fixed names every deployment used before internal names derived from the commands topic. */
    public static final String FORMER_SUBMISSIONS_TOPIC = "cryptocloud.withdrawal.submissions";
    public static final String FORMER_LEDGER_TOPIC = "cryptocloud.withdrawal.ledger";
    private static final String DEFAULT_BASE = "cryptocloud.withdrawal";
    private static final String SUBMISSIONS = ".submissions";
    private static final String LEDGER = ".ledger";
    private static final String SUBMITTER = ".submitter";
    private static final String RESOLUTIONS = ".resolutions";
    private static final String RESOLVER = ".resolver";
    /** A name some deployment may derive: a queue (with or without an account), a ledger or a resolutions topic. */
    private static final Pattern INTERNAL = Pattern.compile(".+(\\.submissions(\\.[a-z0-9-]+)?|\\.ledger|\\.resolutions)");

    /**
     * @param commandsTopic    the deployment's commands topic
     * @param submissionsTopic the queue as set explicitly, or blank to derive it
     * @param ledgerTopic      the ledger as set explicitly, or blank to derive it
     * @throws IllegalArgumentException when the commands topic takes a name reserved for internal topics
     */
    public static DeploymentNames of(String commandsTopic, String submissionsTopic, String ledgerTopic) {
        if (commandsTopic.equals(DEFAULT_BASE)) {
            throw new IllegalArgumentException("is '" + DEFAULT_BASE + "': its internal topics would be those of the "
                    + "deployment on '" + DEFAULT_COMMANDS_TOPIC + "'; choose another name");
        }
        reservedReason(commandsTopic).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        String base = commandsTopic.equals(DEFAULT_COMMANDS_TOPIC) ? DEFAULT_BASE : commandsTopic;
        boolean ledgerDerived = isBlank(ledgerTopic);
        return new DeploymentNames(commandsTopic,
                isBlank(submissionsTopic) ? base + SUBMISSIONS : submissionsTopic.strip(),
                ledgerDerived ? base + LEDGER : ledgerTopic.strip(), ledgerDerived, base);
    }

    /**
     * Why a topic the deployment reads or writes for its users (commands, results) may not have
     * this name, or empty when it may: names of the form a deployment derives are reserved.
     */
    public static Optional<String> reservedReason(String topic) {
        return INTERNAL.matcher(topic).matches()
                ? Optional.of("is '" + topic + "': names ending in '" + SUBMISSIONS + "', '" + LEDGER + "' or '"
                + RESOLUTIONS + "' (or '" + SUBMISSIONS + ".<account>') are the topics a deployment derives; choose "
                + "another name")
                : Optional.empty();
    }

    /** @param account the account's name, or {@code null} for the default account */
    public String submissionsTopic(String account) {
        return account == null ? submissionsTopic : submissionsTopic + "." + account;
    }

    /**
     * The operators' resolutions topic, unless set: one per deployment, so that two deployments on
     * one cluster never apply each other's resolutions.
     */
    public String resolutionsTopic() {
        return base + RESOLUTIONS;
    }

    /**
     * The consumer group of the resolutions route: from the commands topic, never from
     * {@code KAFKA_GROUP_ID}, so a renamed intake group does not read every earlier resolution again.
     */
    public String resolverGroup() {
        return base + RESOLVER;
    }

    /** The consumer group of the account's submission stage. */
    public String submitterGroup(String account) {
        return withAccount(base + SUBMITTER, account);
    }

    /** The account's submitter group before it derived from the commands topic, to carry its offsets over. */
    public static String formerSubmitterGroup(String groupId, String account) {
        return withAccount(groupId + SUBMITTER, account);
    }

    /**
     * Whether the deployment may be about to leave its request history behind: it derives its
     * ledger, that ledger does not exist yet, and the ledger every deployment used before (the
     * former fixed name) does. A deployment upgraded from a custom commands topic kept its history
     * there; a new one next to an earlier deployment did not. See {@link #formerLedgerConflict}.
     */
    public boolean mayHaveHistoryInFormerLedger(Set<String> existingTopics) {
        return ledgerDerived && !ledgerTopic.equals(FORMER_LEDGER_TOPIC) && !existingTopics.contains(ledgerTopic)
                && existingTopics.contains(FORMER_LEDGER_TOPIC);
    }

    /**
     * When {@link #mayHaveHistoryInFormerLedger} holds: start-up stops unless the former ledger's
     * latest record is another deployment's. Only the operator knows whose history it is: the line
     * names the setting for either answer.
     *
     * @param latestStamp the stamp of the former ledger's latest record, {@code null} when unstamped
     * @return the line that stops start-up, or empty to go on
     */
    public Optional<String> formerLedgerConflict(String latestStamp) {
        if (new DeploymentStamp(commandsTopic).otherDeployment(latestStamp).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("the request ledger of earlier versions, " + FORMER_LEDGER_TOPIC + ", holds requests, and "
                + "this deployment's ledger " + ledgerTopic + " does not exist yet: if that history is this deployment's "
                + "(it ran with the former fixed names), keep it: set WITHDRAWAL_LEDGER_TOPIC=" + FORMER_LEDGER_TOPIC
                + " and WITHDRAWAL_SUBMISSIONS_TOPIC=" + FORMER_SUBMISSIONS_TOPIC + "; if it is another deployment's, "
                + "set WITHDRAWAL_LEDGER_TOPIC=" + ledgerTopic);
    }

    private static String withAccount(String name, String account) {
        return account == null ? name : name + "." + account;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
