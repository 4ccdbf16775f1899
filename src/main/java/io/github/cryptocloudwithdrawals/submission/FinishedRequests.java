package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.intake.CommandCheck;
import io.github.cryptocloudwithdrawals.intake.LedgerAnswers;
import io.github.cryptocloudwithdrawals.ledger.IntakeView;
import io.github.cryptocloudwithdrawals.validation.CommandValidator.Identity;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The submission stage's decision ({@link PayoutDecision#beforeCall}) taken early, at intake, for a
 * command whose request is {@code done} in the ledger: the same withdrawal is replayed, another
 * one under the id is a conflict. A {@code done} record is final, so the answer is the one the
 * submission stage would give, only without the wait behind the account's calls: duplicates (a
 * renamed group re-reading the commands topic, a producer sending twice) are answered at the
 * intake's pace. Nothing here calls the API.
 */
public final class FinishedRequests implements LedgerAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(FinishedRequests.class);

    private final IntakeView ledger;
    private final ResultEvents events;

    public FinishedRequests(IntakeView ledger, ResultEvents events) {
        this.ledger = ledger;
        this.events = events;
    }

    @Override
    public Optional<ResultEvent> answer(CommandCheck.Checked checked) {
        Optional<Identity> identity = checked.identity();
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        String requestId = identity.get().requestId();
        Optional<IntakeView.Finished> finished;
        try {
            finished = ledger.finished(identity.get().account(), requestId);
        } catch (IllegalStateException e) {
            // one result that cannot be read back must not stop the intake: the submission stage answers it
            LOG.warn("request_id={} goes to its submission stage: its recorded result could not be read here: {}",
                    requestId, e.getMessage());
            return Optional.empty();
        }
        return finished.flatMap(done -> switch (PayoutDecision.beforeCall(Optional.of(done.entry().history()),
                PayoutDecision.fingerprint(identity.get()), checked instanceof CommandCheck.Accepted)) {
            case REPLAY -> Optional.of(events.replay(done.result().event()));
            case CONFLICT -> Optional.of(events.conflict(requestId, checked.received()));
            // never for a done record; the submission stage decides
            case CALL, INVALID, UNKNOWN -> Optional.empty();
        });
    }
}
