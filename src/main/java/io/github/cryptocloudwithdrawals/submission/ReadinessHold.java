package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check of one account's submission stage: DOWN, with the reason, while the stage
 * holds a command it cannot pass on; UP otherwise. Liveness is not affected: the service is
 * fine, it is waiting.
 */
abstract class ReadinessHold extends AbstractHealthCheck {

    private volatile String reason;

    /** @param check the check's id for the default account; a named account's appends "-<name>" */
    ReadinessHold(String check, PayoutAccount account) {
        super("withdrawals", account.name() == null ? check : check + "-" + account.name());
    }

    /** @return whether it was holding nothing before */
    final boolean hold(String why) {
        boolean started = reason == null;
        reason = why;
        return started;
    }

    final void release() {
        reason = null;
    }

    final boolean holds() {
        return reason != null;
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }

    @Override
    protected final void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String why = reason;
        if (why == null) {
            builder.up();
        } else {
            builder.detail("reason", why).message(why).down();
        }
    }
}
