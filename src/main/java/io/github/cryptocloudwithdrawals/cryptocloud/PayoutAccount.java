package io.github.cryptocloudwithdrawals.cryptocloud;

import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
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

    /** The default account's queue and group carry no account name, as before accounts existed. */
    public static PayoutAccount defaultAccount(ApiCredentials credentials, DeploymentNames deployment) {
        return named(null, credentials, deployment);
    }

    /** @param name the account's name, or {@code null} for the default account */
    public static PayoutAccount named(String name, ApiCredentials credentials, DeploymentNames deployment) {
        return new PayoutAccount(name, credentials, deployment.submissionsTopic(name), deployment.submitterGroup(name));
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
