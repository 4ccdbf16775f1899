package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;

/**
 * Readiness of the payout API as one account's submitter last saw it: DOWN, with the reason, while a
 * command is held because the key was refused or the API could not be reached; UP again after
 * the next call the API executed. Liveness is not affected: the service is fine, it is waiting.
 */
public final class ApiAvailability extends ReadinessHold {

    /** The default account's check is "cryptocloud-api", a named account's "cryptocloud-api-<name>". */
    public ApiAvailability(PayoutAccount account) {
        super("cryptocloud-api", account);
    }

    void unavailable(String reason) {
        hold(reason);
    }

    void available() {
        release();
    }

    /** Whether a command is held now (withdrawals_payouts_held). */
    public boolean holding() {
        return holds();
    }
}
