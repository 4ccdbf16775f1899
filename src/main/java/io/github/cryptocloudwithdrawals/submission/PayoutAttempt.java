package io.github.cryptocloudwithdrawals.submission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswer;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import java.time.Instant;

/** The state of one command while the submission stage works on it, across its API calls. */
final class PayoutAttempt {

    private final WithdrawalCommand command;
    private final long fingerprint;
    /** The operator's resolution this attempt carries out, echoed on its result; {@code null} for a command. */
    private final ObjectNode resolution;
    /** True when the attempt publishes nothing (a resolution that does not apply). */
    private final boolean silent;
    private ResultEvent result;
    private Instant firstCallAt;
    private Instant lastCallAt;
    private Instant lastAnswerAt;
    private long stepStartedNanos;
    private int rateLimitedAnswers;
    private int notExecutedInARow;

    /** An attempt whose command will be paid; {@link #result} is set once the outcome is known. */
    PayoutAttempt(WithdrawalCommand command, long fingerprint) {
        this(command, fingerprint, null);
    }

    /** An attempt to pay the command again, as an operator's {@code not_paid} resolution asks; the result echoes it. */
    PayoutAttempt(WithdrawalCommand command, long fingerprint, ObjectNode resolution) {
        this.command = command;
        this.fingerprint = fingerprint;
        this.resolution = resolution;
        this.silent = false;
    }

    /** An attempt that is over before it began: the command is not paid (again). */
    PayoutAttempt(ResultEvent result) {
        this.command = null;
        this.fingerprint = 0;
        this.resolution = null;
        this.silent = false;
        this.result = result;
    }

    private PayoutAttempt() {
        this.command = null;
        this.fingerprint = 0;
        this.resolution = null;
        this.silent = true;
    }

    /** An attempt that publishes nothing: a resolution that does not apply, or did already. */
    static PayoutAttempt nothingToPublish() {
        return new PayoutAttempt();
    }

    boolean silent() {
        return silent;
    }

    long fingerprint() {
        return fingerprint;
    }

    WithdrawalCommand command() {
        return command;
    }

    boolean awaitingAnswer() {
        return result == null && !silent;
    }

    ResultEvent result() {
        return result;
    }

    void finish(ResultEvent result) {
        if (resolution != null) {
            result.body().set("resolution", resolution);
        }
        this.result = result;
    }

    void callStarting(Instant now) {
        if (firstCallAt == null) {
            firstCallAt = now;
        }
        lastCallAt = now;
    }

    /** The last call's answer (or failure) came now: counts rate limits, and calls not executed in a row. */
    void answered(Instant now, ApiAnswer answer) {
        lastAnswerAt = now;
        if (answer instanceof ApiAnswer.RateLimited) {
            rateLimitedAnswers++;
            notExecutedInARow = 0;
        } else if (answer instanceof ApiAnswer.NotExecuted) {
            notExecutedInARow++;
        }
    }

    /** Marks the start of a timed step (waiting for the throttle, a call). */
    void stepStarting() {
        stepStartedNanos = System.nanoTime();
    }

    long nanosSinceStepStarted() {
        return System.nanoTime() - stepStartedNanos;
    }

    Instant lastCallAt() {
        return lastCallAt;
    }

    Instant lastAnswerAt() {
        return lastAnswerAt;
    }

    Instant firstCallAt() {
        return firstCallAt;
    }

    int rateLimitedAnswers() {
        return rateLimitedAnswers;
    }

    int notExecutedInARow() {
        return notExecutedInARow;
    }
}
