package io.github.cryptocloudwithdrawals.cryptocloud;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the payout API as one account's submitter last saw it: DOWN, with the reason, while a
 * command is held because the key was refused or the API could not be reached; UP again after
 * the next call the API executed. Liveness is not affected: the service is fine, it is waiting.
 */
public final class ApiAvailability extends AbstractHealthCheck {

    private volatile String fault;

    /** The default account's check is "cryptocloud-api", a named account's "cryptocloud-api-<name>". */
    public ApiAvailability(PayoutAccount account) {
        super("withdrawals", account.name() == null ? "cryptocloud-api" : "cryptocloud-api-" + account.name());
    }

    void unavailable(String reason) {
        fault = reason;
    }

    void available() {
        fault = null;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String reason = fault;
        if (reason == null) {
            builder.up();
        } else {
            builder.detail("reason", reason).message(reason).down();
        }
    }
}
