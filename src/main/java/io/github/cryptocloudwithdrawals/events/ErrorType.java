package io.github.cryptocloudwithdrawals.events;

import java.util.Locale;

/** Why a command failed (docs/commands-and-results.md, "Result events": `error.type`), and whether sending the same command again can succeed. */
public enum ErrorType {
    /** The record value is not a JSON object (or not UTF-8, or too large). */
    MALFORMED(false),
    /** A field breaks a rule; the API was not called. */
    VALIDATION(false),
    /** The request id was seen before with a different command; the API was not called. */
    CONFLICT(false),
    /** The API refused the withdrawal; nothing was paid. */
    REJECTED(false),
    /** The API kept answering rate-limit errors; nothing was paid, so a retry is safe. */
    RATE_LIMITED(true),
    /** The request was sent but no definite answer came back: it may or may not have been paid. */
    OUTCOME_UNKNOWN(false);

    private final boolean retryable;

    ErrorType(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The name used in events, metrics and logs. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
