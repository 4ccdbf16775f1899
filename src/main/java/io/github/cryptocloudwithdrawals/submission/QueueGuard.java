package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of an account's submission stage: a submission that another deployment's intake
 * queued (the two were given the same explicit queue) is never paid or published here. It is held,
 * its offset uncommitted, and the queue waits behind it: readiness DOWN with the reason (the queue,
 * the other deployment, the fix) and one ERROR line, until an operator separates the deployments.
 * Liveness is not affected. Submissions without a stamp were queued by an earlier version of this
 * deployment and are its own.
 */
public final class QueueGuard extends ReadinessHold {

    private static final Logger LOG = LoggerFactory.getLogger(QueueGuard.class);

    private final PayoutAccount account;
    private final DeploymentStamp stamp;

    /** The default account's check is "submissions-queue", a named account's "submissions-queue-<name>". */
    public QueueGuard(PayoutAccount account, DeploymentStamp stamp) {
        super("submissions-queue", account);
        this.account = account;
        this.stamp = stamp;
    }

    /** Loop condition before the submission is taken on: true while it is another deployment's and must wait. */
    public boolean holds(Exchange exchange) {
        Optional<String> other = stamp.otherDeployment(stampOf(exchange));
        if (other.isEmpty()) {
            release();
            return false;
        }
        if (exchange.getContext().isStopping()) {
            throw new CommandStaysQueued(String.valueOf(exchange.getMessage().getHeader(KafkaConstants.KEY)));
        }
        String reason = stamp.heldSubmission(account.submissionsTopic(), other.get());
        if (hold(reason)) {
            LOG.error("{} (offset {})", reason, exchange.getMessage().getHeader(KafkaConstants.OFFSET));
        }
        return true;
    }

    private static String stampOf(Exchange exchange) {
        Object value = exchange.getMessage().getHeader(DeploymentStamp.HEADER);
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) value;
    }
}
