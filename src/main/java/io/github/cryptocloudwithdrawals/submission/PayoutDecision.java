package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswer;
import io.github.cryptocloudwithdrawals.ledger.Ledger;
import io.github.cryptocloudwithdrawals.ledger.LedgerEntry;
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
 */
public final class PayoutDecision {

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

    /** What a call's answer comes to. */
    public enum AfterAnswer {
        /** The withdrawal was created: the success event. */
        SUCCEED,
        /** The API refused the withdrawal, or kept answering with a rate limit past the retries: the failure, nothing paid. */
        FAIL,
        /** The API refused the call as too soon, within the retries: call again after the interval. */
        RETRY,
        /** The call was not executed for no fault of the command (key refused, API unreachable): hold it, call again after a backoff. */
        HOLD,
        /** The call may have been executed, and nothing says whether: {@code outcome_unknown}, never sent again. */
        UNKNOWN
    }

    private final int rateLimitRetries;

    /** @param rateLimitRetries calls after a rate-limit answer before the command fails as {@code rate_limited} */
    public PayoutDecision(int rateLimitRetries) {
        this.rateLimitRetries = rateLimitRetries;
    }

    public int rateLimitRetries() {
        return rateLimitRetries;
    }

    /** The command's fingerprint ({@link Ledger#fingerprint}), empty when it does not name a whole withdrawal. */
    public static OptionalLong fingerprint(Identity identity) {
        return identity.namesAWithdrawal()
                ? OptionalLong.of(Ledger.fingerprint(identity.currencyCode(), identity.toAddress(), identity.amount()))
                : OptionalLong.empty();
    }

    /**
     * @param latest      the request's latest ledger record, if any
     * @param fingerprint the command's fingerprint, empty when it does not name a whole withdrawal
     * @param valid       whether the command passes validation today
     */
    public static BeforeCall beforeCall(Optional<LedgerEntry> latest, OptionalLong fingerprint, boolean valid) {
        if (latest.isEmpty()) {
            return valid ? BeforeCall.CALL : BeforeCall.INVALID;
        }
        LedgerEntry entry = latest.get();
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
    public static OnResolution onResolution(Optional<LedgerEntry> latest, OptionalLong fingerprint, boolean valid,
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
}
