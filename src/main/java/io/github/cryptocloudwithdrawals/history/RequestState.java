package io.github.cryptocloudwithdrawals.history;

/** Where a request stands, as far as money is concerned: its latest record in the request ledger. */
public enum RequestState {
    /** A call was about to be sent; if nothing follows, nobody knows whether it was paid. */
    IN_FLIGHT,
    /** The last call was provably not executed (rate limit, refused key, unreachable API). */
    NOT_SENT,
    /** The request has its final result; it is never sent again. */
    DONE,
    /** The request failed in a way that paid nothing and may be tried again (rate_limited). */
    DONE_RETRYABLE,
    /**
     * The request's result is {@code outcome_unknown}: final for its commands (never sent again),
     * but an operator's resolution may still settle it.
     */
    DONE_UNKNOWN
}
