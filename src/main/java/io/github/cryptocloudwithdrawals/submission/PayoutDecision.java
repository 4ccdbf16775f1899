package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswer;
import io.github.cryptocloudwithdrawals.history.Fingerprint;
import io.github.cryptocloudwithdrawals.history.RequestHistory;
import io.github.cryptocloudwithdrawals.resolution.Applicability;
import io.github.cryptocloudwithdrawals.resolution.Resolution;
import io.github.cryptocloudwithdrawals.validation.CommandValidator.Identity;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When money moves: what happens to a command, from its request's history in the ledger, today's
 * validation of it, and each answer the API gives. Every rule of the kind is here, and its table
 * test ({@code PayoutDecisionTest}) reads as their specification.
 *
 * <p>Before any call the ledger answers first, validation second: a duplicate of a request the
 * ledger knows is answered from the ledger even when today's rules (a lower maximum, stricter
 * checks) would refuse the command, because "failed" would tell the backend that a paid
 * withdrawal was not paid. Only a request the ledger does not know, or whose calls provably paid
 * nothing, is called, and only for a valid command.
 *
 * <p>After each call only an answer that proves the call was not executed leads to another call;
 * an answer that proves nothing is never sent again.
 *
 * <p>An {@code outcome_unknown} is final for the request's commands; only an operator's
 * resolution settles it: {@code paid} without a call, {@code not_paid} with one more call of the
 * original command, decided here from the ledger under the account's writer.
 *
 * <p>Around these, every other "call or not": a submission another deployment queued is held,
 * never taken; a stop before a call leaves the command queued; an answer the ledger refuses to
 * record ends the command {@code outcome_unknown}. Plain values in, a decision out: nothing here
 * knows Camel, Kafka or the ledger (PackageDependenciesTest).
 */
public final class PayoutDecision {

    /** What a submission taken from the account's queue comes to, before its command is read. */
    public enum OnReceipt {
        /** This deployment's (or unmarked, from an earlier version): decided on from the ledger. */
        TAKE,
        /**
         * Another deployment's, given the same queue: never paid or published here. Held, offset
         * uncommitted, with the queue behind it, until the service stops.
         */
        HOLD
    }

    /** What a command comes to before anything is sent. */
    public enum BeforeCall {
        /** The request is new, or every call made for it provably paid nothing, and the command is valid: call. */
        CALL,
        /** The ledger has no answer for the command, and it fails validation: the validation failure. */
        INVALID,
        /** Another withdrawal under a used request id (or a command too broken to tell): {@code conflict}, unsent. */
        CONFLICT,
        /** The same withdrawal, whose call was in flight when its process stopped: {@code outcome_unknown}, never sent again. */
        UNKNOWN,
        /** The same withdrawal, with a final result: that result again, unsent. */
        REPLAY
    }

    /** What an operator's resolution, queued with the request's original command, comes to. */
    public enum OnResolution {
        /** It does not apply (any more): nothing changes, nothing is published, the refusal is logged. */
        REFUSE,
        /** This resolution was applied already (delivered twice): nothing changes, nothing is published. */
        ALREADY_APPLIED,
        /** This very submission was decided before a stop: its recorded result again, same {@code ce_id}, unsent. */
        REPUBLISH,
        /** Its call was in flight when its process stopped: {@code outcome_unknown}, never sent again (it may be resolved again). */
        UNKNOWN,
        /** {@code paid}: the request's result becomes a success, recorded before it is published; no call. */
        RECORD_PAID,
        /** {@code not_paid}: the original command is called once more, through the rate gate like any other. */
        CALL,
        /** {@code not_paid}, but the original command fails today's validation: refused, nothing sent. */
        INVALID
    }

    /** Right before each call, the command's turn come. */
    public enum BeforeEachCall {
        /** Send it. */
        CALL,
        /** The service is stopping: no call starts; the command stays queued, paid after the restart. */
        STAY_QUEUED
    }

    /** What a call's answer comes to. */
    public enum AfterAnswer {
        /** The withdrawal was created: the success event. */
        SUCCEED(false),
        /** The API refused the withdrawal, or kept answering with a rate limit past the retries: the failure, nothing paid. */
        FAIL(false),
        /** The API refused the call as too soon, within the retries: call again after the interval. */
        RETRY(true),
        /** The call was not executed for no fault of the command (key refused, API unreachable): hold it, call again after a backoff. */
        HOLD(true),
        /** The call may have been executed, and nothing says whether: {@code outcome_unknown}, never sent again. */
        UNKNOWN(false);

        private final boolean callsAgain;

        AfterAnswer(boolean callsAgain) {
            this.callsAgain = callsAgain;
        }

        /** Whether the command is called again (the submission's loop goes on); else its result is final. */
        public boolean callsAgain() {
            return callsAgain;
        }
    }

    /** What a result the ledger refuses for good (too large for the topic) comes to. */
    public enum OnRefusedRecord {
        /**
         * The API's answer: the command ends {@code outcome_unknown} instead (the answer goes to the
         * log), never called again, and that smaller result is recorded.
         */
        RECORD_UNKNOWN,
        /**
         * Even the {@code outcome_unknown}: published unrecorded; the request stays in flight in the
         * ledger, so every later duplicate gets {@code outcome_unknown} too.
         */
        PUBLISH_UNRECORDED
    }

    private final int rateLimitRetries;

    /** @param rateLimitRetries calls after a rate-limit answer before the command fails as {@code rate_limited} */
    public PayoutDecision(int rateLimitRetries) {
        this.rateLimitRetries = rateLimitRetries;
    }

    public int rateLimitRetries() {
        return rateLimitRetries;
    }

    /** The command's {@link Fingerprint}, empty when it does not name a whole withdrawal. */
    public static OptionalLong fingerprint(Identity identity) {
        return identity.namesAWithdrawal()
                ? OptionalLong.of(Fingerprint.of(identity.currencyCode(), identity.toAddress(), identity.amount()))
                : OptionalLong.empty();
    }

    /** @param otherDeployment the deployment that queued the submission, when it is not this one */
    public static OnReceipt onReceipt(Optional<String> otherDeployment) {
        return otherDeployment.isPresent() ? OnReceipt.HOLD : OnReceipt.TAKE;
    }

    /**
     * @param latest      the request's latest ledger record, if any
     * @param fingerprint the command's fingerprint, empty when it does not name a whole withdrawal
     * @param valid       whether the command passes validation today
     */
    public static BeforeCall beforeCall(Optional<RequestHistory> latest, OptionalLong fingerprint, boolean valid) {
        if (latest.isEmpty()) {
            return valid ? BeforeCall.CALL : BeforeCall.INVALID;
        }
        RequestHistory entry = latest.get();
        if (fingerprint.isEmpty() || fingerprint.getAsLong() != entry.fingerprint()) {
            return BeforeCall.CONFLICT;
        }
        return switch (entry.state()) {
            case NOT_SENT, DONE_RETRYABLE -> valid ? BeforeCall.CALL : BeforeCall.INVALID;
            case IN_FLIGHT -> BeforeCall.UNKNOWN;
            case DONE, DONE_UNKNOWN -> BeforeCall.REPLAY;
        };
    }

    /**
     * @param latest         the request's latest ledger record, if any
     * @param fingerprint    the queued command's, empty when it does not name a whole withdrawal
     * @param valid          whether the original command passes validation today
     * @param sameSubmission whether the latest record's result answers this very submission record
     * @param verdict        whether the resolution applies to the latest result ({@link Applicability})
     */
    public static OnResolution onResolution(Optional<RequestHistory> latest, OptionalLong fingerprint, boolean valid,
                                            boolean sameSubmission, Applicability.Verdict verdict, Resolution.Kind kind) {
        if (latest.isEmpty() || fingerprint.isEmpty() || fingerprint.getAsLong() != latest.get().fingerprint()) {
            return OnResolution.REFUSE;
        }
        return switch (latest.get().state()) {
            // the resolution's own call, cut short by a stop: the resolution applies as a command would
            case IN_FLIGHT -> OnResolution.UNKNOWN;
            case NOT_SENT -> valid ? OnResolution.CALL : OnResolution.INVALID;
            case DONE, DONE_UNKNOWN, DONE_RETRYABLE -> {
                if (sameSubmission) {
                    yield OnResolution.REPUBLISH;
                }
                yield switch (verdict) {
                    case ALREADY_APPLIED -> OnResolution.ALREADY_APPLIED;
                    case APPLIES -> kind == Resolution.Kind.PAID ? OnResolution.RECORD_PAID
                            : valid ? OnResolution.CALL : OnResolution.INVALID;
                    default -> OnResolution.REFUSE;
                };
            }
        };
    }

    /** @param stopping whether the service has begun to stop */
    public static BeforeEachCall beforeEachCall(boolean stopping) {
        return stopping ? BeforeEachCall.STAY_QUEUED : BeforeEachCall.CALL;
    }

    /** @param rateLimitedAnswers how many rate-limit answers the command has had, this one included */
    public AfterAnswer afterAnswer(ApiAnswer answer, int rateLimitedAnswers) {
        if (answer instanceof ApiAnswer.Created) {
            return AfterAnswer.SUCCEED;
        }
        if (answer instanceof ApiAnswer.Rejected) {
            return AfterAnswer.FAIL;
        }
        if (answer instanceof ApiAnswer.RateLimited) {
            return rateLimitedAnswers > rateLimitRetries ? AfterAnswer.FAIL : AfterAnswer.RETRY;
        }
        if (answer instanceof ApiAnswer.NotExecuted) {
            return AfterAnswer.HOLD;
        }
        return AfterAnswer.UNKNOWN;
    }

    /**
     * Writing the same record again can never succeed, and the call must not be made again either:
     * the request's in_flight record stays its latest until a smaller one says more.
     *
     * @param alreadyUnknown whether the result refused is the {@code outcome_unknown} that took an answer's place
     */
    public static OnRefusedRecord onRefusedRecord(boolean alreadyUnknown) {
        return alreadyUnknown ? OnRefusedRecord.PUBLISH_UNRECORDED : OnRefusedRecord.RECORD_UNKNOWN;
    }
}
