package io.github.cryptocloudwithdrawals.cryptocloud;

import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import java.time.Instant;

/** The state of one command while the submission stage works on it, across its API calls. */
final class PayoutAttempt {

    private final WithdrawalCommand command;
    private final long fingerprint;
    private ResultEvent result;
    private Instant firstCallAt;
    private Instant lastCallAt;
    private Instant lastAnswerAt;
    private long stepStartedNanos;
    private int rateLimitedAnswers;
    private int notExecutedInARow;

    /** An attempt whose command will be paid; {@link #result} is set once the outcome is known. */
    PayoutAttempt(WithdrawalCommand command, long fingerprint) {
        this.command = command;
        this.fingerprint = fingerprint;
    }

    /** An attempt that is over before it began: the command is not paid (again). */
    PayoutAttempt(ResultEvent result) {
        this.command = null;
        this.fingerprint = 0;
        this.result = result;
    }

    long fingerprint() {
        return fingerprint;
    }

    WithdrawalCommand command() {
        return command;
    }

    boolean awaitingAnswer() {
        return result == null;
    }

    ResultEvent result() {
        return result;
    }

    void finish(ResultEvent result) {
        this.result = result;
    }

    void callStarting(Instant now) {
        if (firstCallAt == null) {
            firstCallAt = now;
        }
        lastCallAt = now;
    }

    /** The last call's answer (or failure) came now. */
    void answered(Instant now) {
        lastAnswerAt = now;
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

    int rateLimited() {
        notExecutedInARow = 0;
        return ++rateLimitedAnswers;
    }

    int notExecuted() {
        return ++notExecutedInARow;
    }

    int notExecutedInARow() {
        return notExecutedInARow;
    }
}
