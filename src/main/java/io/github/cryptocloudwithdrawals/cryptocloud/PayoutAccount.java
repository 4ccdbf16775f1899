package io.github.cryptocloudwithdrawals.cryptocloud;

import io.github.cryptocloudwithdrawals.validation.KnownAccounts;

/**
 * One CryptoCloud account the service pays from: its key, and the submission stage that calls
 * CryptoCloud for it alone. The API limits calls per key, so each account has its own queue
 * (a one-partition topic: one active caller across all instances), its own consumer group, its
 * own throttle and its own scope in the ledger; one account's backlog never delays another's.
 *
 * @param name             as commands give it in {@code account}; {@code null} for the default account
 * @param submissionsTopic where the intake queues the account's valid commands
 * @param submitterGroup   the consumer group of the account's submission stage
 */
public record PayoutAccount(String name, ApiCredentials credentials, String submissionsTopic, String submitterGroup) {

    /** The default account keeps the single-key names (topic, group, route), so existing deployments carry on. */
    public static PayoutAccount defaultAccount(ApiCredentials credentials, String submissionsTopic, String groupId) {
        return new PayoutAccount(null, credentials, submissionsTopic, groupId + ".submitter");
    }

    public static PayoutAccount named(String name, ApiCredentials credentials, String submissionsTopic, String groupId) {
        return new PayoutAccount(name, credentials, submissionsTopic + "." + name, groupId + ".submitter." + name);
    }

    /** The account's name in metrics, health checks and logs. */
    public String label() {
        return KnownAccounts.label(name);
    }

    /** The id of the account's submission route. */
    public String routeId() {
        return name == null ? "submit" : "submit-" + name;
    }
}
