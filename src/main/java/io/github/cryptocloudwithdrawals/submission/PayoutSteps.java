package io.github.cryptocloudwithdrawals.submission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswer;
import io.github.cryptocloudwithdrawals.cryptocloud.PayoutRequest;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.history.RequestState;
import io.github.cryptocloudwithdrawals.intake.CommandCheck;
import io.github.cryptocloudwithdrawals.ledger.AccountLedger;
import io.github.cryptocloudwithdrawals.ledger.RecordedResult;
import io.github.cryptocloudwithdrawals.ledger.LedgerEntry;
import io.github.cryptocloudwithdrawals.resolution.Applicability;
import io.github.cryptocloudwithdrawals.resolution.Resolution;
import io.github.cryptocloudwithdrawals.validation.CommandValidator.Identity;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's submission stage on plain values, one method per step of the {@code submit}
 * route: a submission in, {@link PayoutDecision}'s decisions out and carried out (ledger records,
 * the throttle's wait, the call's request, the result). The route's exchange is
 * {@link PayoutSubmission}'s business.
 */
final class PayoutSteps {

    /** The stage's log lines keep the logger name they had before the steps moved here: operators see and filter on it. */
    private static final Logger LOG = LoggerFactory.getLogger(PayoutSubmission.class);

    private final SubmissionStage stage;
    private final PayoutAccount account;
    private final AccountLedger ledger;
    private final Throttle throttle;
    private final ResultRecording recording;
    private final QueueGuard guard;
    private final ApiAvailability availability;
    /** The command a stop left queued, once it has been said. */
    private final AtomicReference<String> stayingQueued = new AtomicReference<>();

    PayoutSteps(SubmissionStage stage, PayoutAccount account, AccountLedger ledger, Throttle throttle) {
        this.stage = stage;
        this.account = account;
        this.ledger = ledger;
        this.throttle = throttle;
        this.recording = new ResultRecording(ledger, stage.events(), stage.backoff(), stage.stop());
        this.guard = new QueueGuard(account);
        this.availability = new ApiAvailability(account);
    }

    QueueGuard guard() {
        return guard;
    }

    ApiAvailability availability() {
        return availability;
    }

    /**
     * A submission taken from the account's queue: another deployment's is held until the service
     * stops; any other is decided on from its request's history. Holding the account's queue, this
     * instance first claims the account's ledger, which fences any instance that held it before.
     *
     * @throws CommandStaysQueued when the service stops while another deployment's submission is held
     */
    PayoutAttempt receive(Submission submission) {
        Optional<String> other = stage.stamp().otherDeployment(submission.stamp());
        if (PayoutDecision.onReceipt(other) == PayoutDecision.OnReceipt.HOLD) {
            String reason = stage.stamp().heldSubmission(account.submissionsTopic(), other.get());
            if (guard.holdFor(reason)) {
                LOG.error("{} (record {})", reason, submission.id());
            }
            stage.stop().waitForTheStop();
            throw new CommandStaysQueued(submission.id());
        }
        guard.taken();
        ledger.claim();
        CommandCheck.Checked checked = stage.check().check(submission.value());
        Optional<Identity> identity = checked.identity();
        if (identity.isEmpty()) {
            return new PayoutAttempt(((CommandCheck.Refused) checked).failure());
        }
        String requestId = identity.get().requestId();
        OptionalLong fingerprint = PayoutDecision.fingerprint(identity.get());
        if (submission.forwardedResolution() != null) {
            return resolve(submission, checked, fingerprint, Resolution.fromForwarded(submission.forwardedResolution()));
        }
        Optional<LedgerEntry> known = ledger.lookup(requestId);
        return switch (PayoutDecision.beforeCall(known.map(LedgerEntry::history), fingerprint,
                checked instanceof CommandCheck.Accepted)) {
            case CALL -> new PayoutAttempt(((CommandCheck.Accepted) checked).command(), fingerprint.getAsLong());
            case INVALID -> new PayoutAttempt(((CommandCheck.Refused) checked).failure());
            case CONFLICT -> new PayoutAttempt(stage.events().conflict(requestId, checked.received()));
            case UNKNOWN -> new PayoutAttempt(inFlightAtAStop(submission, requestId, known.get(), checked.received()));
            case REPLAY -> new PayoutAttempt(recordedResult(submission, requestId, known.get()));
        };
    }

    /**
     * The one wait before a call: the account's turn, and the backoff after calls that were not
     * executed. A stop ends it: the command starts no call and stays queued.
     */
    void awaitTurn(PayoutAttempt attempt, Submission submission) {
        long waited = throttle.awaitTurn(attempt.notExecutedInARow());
        if (waited < 0) {
            stayQueued(attempt, submission);
        }
        stage.metrics().throttleWait(account.label(), waited);
    }

    /**
     * Right before the call: records it as in flight, then marks its start, from which the next
     * call's turn counts.
     *
     * @return the request's body
     */
    String prepareCall(PayoutAttempt attempt, Submission submission) {
        if (PayoutDecision.beforeEachCall(stage.stop().stopping()) == PayoutDecision.BeforeEachCall.STAY_QUEUED) {
            stayQueued(attempt, submission);
        }
        ledger.recordInFlight(attempt.command().requestId(), attempt.fingerprint(), stage.clock().instant());
        throttle.started();
        attempt.callStarting(stage.clock().instant());
        attempt.stepStarting();
        return PayoutRequest.body(attempt.command());
    }

    /**
     * The call's answer, or its failure without one: decided, recorded, and readiness set.
     *
     * @param stillHoldsQueue asks Kafka whether this instance still holds the account's queue
     */
    void answered(PayoutAttempt attempt, ApiAnswer answer, Submission submission, BooleanSupplier stillHoldsQueue) {
        throttle.answered();
        attempt.answered(stage.clock().instant(), answer);
        stage.metrics().apiCall(account.label(), answer.name(), attempt.nanosSinceStepStarted());
        int rateLimited = attempt.rateLimitedAnswers();
        PayoutDecision.AfterAnswer decided = stage.decision().afterAnswer(answer, rateLimited);
        String requestId = attempt.command().requestId();
        switch (decided) {
            case SUCCEED -> {
                ApiAnswer.Created created = (ApiAnswer.Created) answer;
                attempt.finish(stage.events().succeeded(attempt.command(), created.invoiceId(), created.status(),
                        created.result(), attempt.firstCallAt()));
            }
            case FAIL -> attempt.finish(stage.events().failed(requestId, answer instanceof ApiAnswer.RateLimited limited
                    ? limited.failure(rateLimited) : ((ApiAnswer.Rejected) answer).failure(), attempt.command().received()));
            case RETRY -> LOG.warn("request_id={} rate-limited by CryptoCloud (answer {} of at most {}); retrying after the "
                    + "interval", requestId, rateLimited, stage.decision().rateLimitRetries() + 1);
            case HOLD -> hold(attempt, (ApiAnswer.NotExecuted) answer);
            case UNKNOWN -> attempt.finish(stage.events().failed(requestId, ((ApiAnswer.Unknown) answer).failure(),
                    attempt.command().received()));
        }
        if (answer instanceof ApiAnswer.NotExecuted notExecuted) {
            availability.unavailable(notExecuted.reason() + " (POST " + stage.payoutUrl() + ")");
        } else {
            availability.available();
        }
        if (decided.callsAgain()) {
            ledger.recordNotSent(requestId, attempt.fingerprint(), attempt.lastCallAt(), attempt.lastAnswerAt());
        } else {
            attempt.finish(recording.record(attempt, submission.id(), stillHoldsQueue));
        }
    }

    /**
     * An operator's resolution, queued with the request's original command by the resolutions
     * route: checked again here, where the account's ledger records are written, in order with
     * the account's commands, then applied.
     */
    private PayoutAttempt resolve(Submission submission, CommandCheck.Checked checked, OptionalLong fingerprint,
                                  Resolution resolution) {
        String requestId = resolution.requestId();
        Optional<LedgerEntry> known = ledger.lookup(requestId);
        Optional<RecordedResult> recorded = known.filter(entry -> entry.state() != RequestState.IN_FLIGHT
                && entry.state() != RequestState.NOT_SENT).map(entry -> ledger.result(requestId, entry));
        Optional<Applicability.Recorded> facts = recorded.map(result -> Applicability.Recorded.of(result.event()));
        Applicability.Verdict verdict = Applicability.of(known.map(LedgerEntry::state), facts, resolution);
        boolean sameSubmission = recorded.map(result -> submission.id().equals(result.submission())).orElse(false);
        ObjectNode echo = resolution.echo(stage.clock().instant());
        boolean valid = checked instanceof CommandCheck.Accepted;
        switch (PayoutDecision.onResolution(known.map(LedgerEntry::history), fingerprint, valid, sameSubmission, verdict,
                resolution.kind())) {
            case REFUSE -> stage.resolutions().refused(requestId, resolution.record(), switch (verdict) {
                case APPLIES, ALREADY_APPLIED -> "the command queued with it is not the request's";
                default -> Applicability.reason(verdict, facts);
            });
            case INVALID -> stage.resolutions().refused(requestId, resolution.record(), "the original command fails "
                    + "today's validation, so it is not sent again: " + ((CommandCheck.Refused) checked).failure().body()
                    .path("error").path("message").asText());
            case ALREADY_APPLIED -> stage.resolutions().alreadyApplied(resolution);
            case REPUBLISH -> {
                return new PayoutAttempt(recorded.get().event());
            }
            case UNKNOWN -> {
                ResultEvent unknown = unknownAtAStop(requestId, checked.received());
                unknown.body().set("resolution", echo);
                recording.recordInFlightAtAStop(requestId, known.get().fingerprint(), unknown, submission.id());
                return new PayoutAttempt(unknown);
            }
            case RECORD_PAID -> {
                ResultEvent paid = stage.events().resolvedPaid(recorded.get().event(), resolution.invoiceId(), echo);
                // recorded first: a stop before the event is published republishes this one (REPUBLISH)
                ledger.recordDone(requestId, known.get().fingerprint(), null, null, paid, submission.id());
                stage.resolutions().applied(resolution);
                return new PayoutAttempt(paid);
            }
            case CALL -> {
                stage.resolutions().applied(resolution);
                return new PayoutAttempt(((CommandCheck.Accepted) checked).command(), fingerprint.getAsLong(), echo);
            }
        }
        return PayoutAttempt.nothingToPublish();
    }

    private ResultEvent unknownAtAStop(String requestId, ObjectNode received) {
        return stage.events().failed(requestId, Failure.of(ErrorType.OUTCOME_UNKNOWN, "a call for this request was in "
                + "flight when the service stopped; the withdrawal may or may not have been created"), received);
    }

    private ResultEvent inFlightAtAStop(Submission submission, String requestId, LedgerEntry known, ObjectNode received) {
        ResultEvent unknown = unknownAtAStop(requestId, received);
        recording.recordInFlightAtAStop(requestId, known.fingerprint(), unknown, submission.id());
        return unknown;
    }

    private ResultEvent recordedResult(Submission submission, String requestId, LedgerEntry known) {
        RecordedResult recorded = ledger.result(requestId, known);
        // the same submission read again after a crash: publish its result as it was decided
        return submission.id().equals(recorded.submission()) ? recorded.event() : stage.events().replay(recorded.event());
    }

    /** The next call waits for the backoff and for the rate interval, whichever ends later. */
    private void hold(PayoutAttempt attempt, ApiAnswer.NotExecuted notExecuted) {
        int inARow = attempt.notExecutedInARow();
        if (notExecuted.keyRefused()) {
            account.credentials().reload();
        }
        long backoffMillis = stage.backoff().delayMillis(inARow);
        long waitMillis = throttle.millisUntilNextCall(inARow);
        LOG.warn("request_id={} held: {} (POST {}, attempt {}); calling again in {} ms ({})",
                attempt.command().requestId(), notExecuted.reason(), stage.payoutUrl(), inARow, waitMillis,
                waitMillis > backoffMillis ? "the rate interval" : "backoff");
    }

    /**
     * A stop lets the call in flight finish, but starts no new one: the command leaves unfinished,
     * its offset uncommitted, and the next start (or another instance) picks it up. Kafka's
     * consumer seeks back to the failed record and may read it again before Camel stops it: the
     * command stays queued each time, said once.
     */
    private void stayQueued(PayoutAttempt attempt, Submission submission) {
        String requestId = attempt.command().requestId();
        if (!requestId.equals(stayingQueued.getAndSet(requestId))) {
            LOG.info("request_id={} stays queued on {} with the commands behind it: the service is stopping before "
                    + "its call; it is paid after the restart, or by another instance", requestId, submission.queue());
        }
        throw new CommandStaysQueued(requestId);
    }
}
