package io.github.cryptocloudwithdrawals.ledger;

import java.util.Locale;

/** Where a request stands, as far as money is concerned. */
public enum LedgerState {
    /** A call was about to be sent; if nothing follows, nobody knows whether it was paid. */
    IN_FLIGHT,
    /** The last call was provably not executed (rate limit, refused key, unreachable API). */
    NOT_SENT,
    /** The request has its final result; it is never sent again. */
    DONE,
    /** The request failed in a way that paid nothing and may be tried again (rate_limited). */
    DONE_RETRYABLE;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LedgerState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
