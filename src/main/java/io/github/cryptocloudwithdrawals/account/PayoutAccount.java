package io.github.cryptocloudwithdrawals.account;

import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import java.util.regex.Pattern;

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

    /**
     * Lower case, digits and inner dashes: an account name becomes part of topic, consumer group
     * and environment variable names, so it must be safe in all of them and map to one variable.
     */
    public static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");

    /** The name that labels the default account in metrics, health checks and routes; no account may take it. */
    public static final String DEFAULT_LABEL = "default";

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
        return label(name);
    }

    /** How an account is named in metrics, health checks, logs and transactional ids. */
    public static String label(String nameOrNullForDefault) {
        return nameOrNullForDefault == null ? DEFAULT_LABEL : nameOrNullForDefault;
    }

    /** The id of the account's submission route. */
    public String routeId() {
        return name == null ? "submit" : "submit-" + name;
    }
}
