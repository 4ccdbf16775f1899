package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;

/**
 * The account's readiness check {@code submissions-queue}: DOWN, naming the queue, the other
 * deployment and the fix, while the submission stage holds a submission that another
 * deployment's intake queued (the two were given the same explicit queue): it is never paid or
 * published here, and the queue waits behind it until an operator separates the deployments.
 * Liveness is not affected.
 */
public final class QueueGuard extends ReadinessHold {

    /** The default account's check is "submissions-queue", a named account's "submissions-queue-<name>". */
    public QueueGuard(PayoutAccount account) {
        super("submissions-queue", account);
    }

    /** @return whether it was holding nothing before */
    boolean holdFor(String reason) {
        return hold(reason);
    }

    void taken() {
        release();
    }
}
