package io.github.cryptocloudwithdrawals.intake;

import io.github.cryptocloudwithdrawals.events.ResultEvent;
import java.util.Optional;

/**
 * The answer the ledger already holds for a command whose request has its final result: that
 * result replayed, or a conflict with it. The intake publishes it at once, as it does a
 * validation failure; a command without one goes on to its account's submission stage.
 */
@FunctionalInterface
public interface LedgerAnswers {

    Optional<ResultEvent> answer(CommandCheck.Checked checked);
}
