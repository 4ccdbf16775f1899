package io.github.cryptocloudwithdrawals.cryptocloud;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the payout API as the submitter last saw it: DOWN, with the reason, while a
 * command is held because the key was refused or the API could not be reached; UP again after
 * the next call the API executed. Liveness is not affected: the service is fine, it is waiting.
 */
public final class ApiAvailability extends AbstractHealthCheck {

    private volatile String fault;

    public ApiAvailability() {
        super("withdrawals", "cryptocloud-api");
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
