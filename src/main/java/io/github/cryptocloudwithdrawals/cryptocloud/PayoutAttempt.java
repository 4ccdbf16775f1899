package io.github.cryptocloudwithdrawals.cryptocloud;

import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import java.time.Instant;

/** The state of one command while the submission stage works on it, across its API calls. */
final class PayoutAttempt {

    private final WithdrawalCommand command;
    private ResultEvent result;
    private Instant firstCallAt;
    private int rateLimitedAnswers;
    private int notExecutedInARow;

    /** An attempt whose command will be paid; {@link #result} is set once the outcome is known. */
    PayoutAttempt(WithdrawalCommand command) {
        this.command = command;
    }

    /** An attempt that is over before it began: the command cannot be paid. */
    PayoutAttempt(ResultEvent result) {
        this.command = null;
        this.result = result;
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
