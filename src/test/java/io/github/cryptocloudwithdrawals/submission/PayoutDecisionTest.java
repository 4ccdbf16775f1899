package io.github.cryptocloudwithdrawals.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswer;
import io.github.cryptocloudwithdrawals.history.RequestHistory;
import io.github.cryptocloudwithdrawals.history.RequestState;
import io.github.cryptocloudwithdrawals.resolution.Applicability;
import io.github.cryptocloudwithdrawals.resolution.Resolution;
import io.github.cryptocloudwithdrawals.validation.CommandValidator.Identity;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When money moves, one row per case. A command meets the request's latest ledger record (none,
 * or its state), is the same withdrawal as recorded or another (or too broken to tell: partial),
 * is valid today or not; if that leads to a call, the API's answer (and, for a rate limit, how
 * many it has given the command so far) says what happens next. Only CALL, RETRY and HOLD send
 * a call; UNKNOWN means the money may have moved, so nothing is ever sent for it again.
 */
class PayoutDecisionTest {

    private static final long RECORDED = 42;
    private static final int RATE_LIMIT_RETRIES = 2;

    @ParameterizedTest(name = "ledger {0}, command {1}, valid {2}, answer {3} ({4} rate limits): {5}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            # ledger       | command | valid | answer       | rate limits | what happens
            # a new request: validation decides, then the API
            -              | same    | false | -            | -           | INVALID
            -              | partial | false | -            | -           | INVALID
            -              | same    | true  | created      | -           | SUCCEED
            -              | same    | true  | rejected     | -           | FAIL
            -              | same    | true  | rate_limited | 1           | RETRY
            -              | same    | true  | rate_limited | 2           | RETRY
            -              | same    | true  | rate_limited | 3           | FAIL
            -              | same    | true  | not_executed | -           | HOLD
            -              | same    | true  | unknown      | -           | UNKNOWN
            # the same withdrawal, whose last call provably was not executed: as a new request
            NOT_SENT       | same    | false | -            | -           | INVALID
            NOT_SENT       | same    | true  | created      | -           | SUCCEED
            NOT_SENT       | same    | true  | rejected     | -           | FAIL
            NOT_SENT       | same    | true  | rate_limited | 1           | RETRY
            NOT_SENT       | same    | true  | rate_limited | 3           | FAIL
            NOT_SENT       | same    | true  | not_executed | -           | HOLD
            NOT_SENT       | same    | true  | unknown      | -           | UNKNOWN
            # the same withdrawal, failed as rate_limited (nothing paid, retryable): as a new request
            DONE_RETRYABLE | same    | false | -            | -           | INVALID
            DONE_RETRYABLE | same    | true  | created      | -           | SUCCEED
            DONE_RETRYABLE | same    | true  | rejected     | -           | FAIL
            DONE_RETRYABLE | same    | true  | rate_limited | 2           | RETRY
            DONE_RETRYABLE | same    | true  | rate_limited | 3           | FAIL
            DONE_RETRYABLE | same    | true  | not_executed | -           | HOLD
            DONE_RETRYABLE | same    | true  | unknown      | -           | UNKNOWN
            # the same withdrawal, a call of which may have paid: the ledger answers, valid or not, unsent
            IN_FLIGHT      | same    | true  | -            | -           | UNKNOWN
            IN_FLIGHT      | same    | false | -            | -           | UNKNOWN
            DONE           | same    | true  | -            | -           | REPLAY
            DONE           | same    | false | -            | -           | REPLAY
            # an outcome_unknown is final for commands: only an operator's resolution settles it
            DONE_UNKNOWN   | same    | true  | -            | -           | REPLAY
            DONE_UNKNOWN   | same    | false | -            | -           | REPLAY
            DONE_UNKNOWN   | other   | true  | -            | -           | CONFLICT
            # another withdrawal under a used request id, or one too broken to tell: whatever the state, unsent
            NOT_SENT       | other   | true  | -            | -           | CONFLICT
            NOT_SENT       | partial | false | -            | -           | CONFLICT
            DONE_RETRYABLE | other   | true  | -            | -           | CONFLICT
            DONE_RETRYABLE | partial | false | -            | -           | CONFLICT
            IN_FLIGHT      | other   | true  | -            | -           | CONFLICT
            IN_FLIGHT      | partial | false | -            | -           | CONFLICT
            DONE           | other   | true  | -            | -           | CONFLICT
            DONE           | other   | false | -            | -           | CONFLICT
            DONE           | partial | false | -            | -           | CONFLICT
            """)
    void whatHappensToACommand(RequestState latest, String command, boolean valid, String answer, Integer rateLimits,
                               String happens) {
        Optional<RequestHistory> recorded = Optional.ofNullable(latest).map(state -> new RequestHistory(state, RECORDED));
        OptionalLong fingerprint = switch (command) {
            case "same" -> OptionalLong.of(RECORDED);
            case "other" -> OptionalLong.of(RECORDED + 1);
            default -> OptionalLong.empty();
        };

        PayoutDecision.BeforeCall first = PayoutDecision.beforeCall(recorded, fingerprint, valid);

        if (answer == null) {
            assertThat(first.name()).isEqualTo(happens);
        } else {
            assertThat(first).isEqualTo(PayoutDecision.BeforeCall.CALL);
            PayoutDecision decision = new PayoutDecision(RATE_LIMIT_RETRIES);
            assertThat(decision.afterAnswer(answer(answer), rateLimits == null ? 0 : rateLimits).name()).isEqualTo(happens);
        }
    }

    /**
     * An operator's resolution, queued with the request's original command, meets the request's
     * latest ledger record; for a final result, whether it answers this very submission record
     * (a stop came between its record and its event) and whether the resolution applies to it
     * ({@code ApplicabilityTest}). Only CALL sends a call, and only for not_paid: one more call of
     * the original command, through the rate gate like any other.
     */
    @ParameterizedTest(name = "ledger {0}, command {1}, valid {2}, same submission {3}, verdict {4}, {5}: {6}")
    @CsvSource(delimiter = '|', textBlock = """
            # ledger       | command | valid | same submission | verdict          | resolution | what happens
            # the request's result is outcome_unknown: paid records the success, not_paid calls once more
            DONE_UNKNOWN   | same    | true  | false           | APPLIES          | PAID       | RECORD_PAID
            DONE_UNKNOWN   | same    | false | false           | APPLIES          | PAID       | RECORD_PAID
            DONE_UNKNOWN   | same    | true  | false           | APPLIES          | NOT_PAID   | CALL
            DONE_UNKNOWN   | same    | false | false           | APPLIES          | NOT_PAID   | INVALID
            DONE           | same    | true  | false           | APPLIES          | NOT_PAID   | CALL
            # decided before a stop, its event maybe unpublished: the recorded event again, never a call
            DONE           | same    | true  | true            | ALREADY_APPLIED  | PAID       | REPUBLISH
            DONE_UNKNOWN   | same    | true  | true            | ALREADY_APPLIED  | NOT_PAID   | REPUBLISH
            DONE_RETRYABLE | same    | true  | true            | ALREADY_APPLIED  | NOT_PAID   | REPUBLISH
            # the same resolution delivered again: no second effect
            DONE           | same    | true  | false           | ALREADY_APPLIED  | PAID       | ALREADY_APPLIED
            DONE_UNKNOWN   | same    | true  | false           | ALREADY_APPLIED  | NOT_PAID   | ALREADY_APPLIED
            # anything else changes nothing
            DONE           | same    | true  | false           | NOT_UNKNOWN      | PAID       | REFUSE
            DONE           | same    | true  | false           | ALREADY_RESOLVED | NOT_PAID   | REFUSE
            DONE_RETRYABLE | same    | true  | false           | NOT_UNKNOWN      | NOT_PAID   | REFUSE
            # published before this outcome_unknown (meant for an earlier one): never a call, never a success
            DONE_UNKNOWN   | same    | true  | false           | PUBLISHED_BEFORE_OUTCOME | NOT_PAID | REFUSE
            DONE_UNKNOWN   | same    | true  | false           | PUBLISHED_BEFORE_OUTCOME | PAID     | REFUSE
            DONE_UNKNOWN   | other   | true  | false           | APPLIES          | PAID       | REFUSE
            DONE_UNKNOWN   | partial | false | false           | APPLIES          | NOT_PAID   | REFUSE
            -              | same    | true  | false           | UNKNOWN_REQUEST  | PAID       | REFUSE
            # the resolution's own call was cut short by a stop: as for any command
            IN_FLIGHT      | same    | true  | false           | NOT_FINISHED     | NOT_PAID   | UNKNOWN
            NOT_SENT       | same    | true  | false           | NOT_FINISHED     | NOT_PAID   | CALL
            NOT_SENT       | same    | false | false           | NOT_FINISHED     | NOT_PAID   | INVALID
            """)
    void whatHappensToAResolution(String latest, String command, boolean valid, boolean sameSubmission,
                                  Applicability.Verdict verdict, Resolution.Kind kind, String happens) {
        Optional<RequestHistory> recorded = latest.equals("-") ? Optional.empty()
                : Optional.of(new RequestHistory(RequestState.valueOf(latest), RECORDED));
        OptionalLong fingerprint = switch (command) {
            case "same" -> OptionalLong.of(RECORDED);
            case "other" -> OptionalLong.of(RECORDED + 1);
            default -> OptionalLong.empty();
        };

        assertThat(PayoutDecision.onResolution(recorded, fingerprint, valid, sameSubmission, verdict, kind).name())
                .isEqualTo(happens);
    }

    /**
     * Around each call: whose submission it is, whether the service stops before the call, whether
     * an answer leads to another call, and what a result the ledger refuses for good comes to.
     * Only TAKE, CALL and "calls again" lead to a call.
     */
    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # question                         | given                 | what happens
            a submission queued by             | this deployment       | TAKE
            a submission queued by             | an earlier version    | TAKE
            a submission queued by             | another deployment    | HOLD
            before each call, the service is   | running               | CALL
            before each call, the service is   | stopping              | STAY_QUEUED
            after the answer                   | SUCCEED               | final
            after the answer                   | FAIL                  | final
            after the answer                   | UNKNOWN               | final
            after the answer                   | RETRY                 | calls again
            after the answer                   | HOLD                  | calls again
            the ledger refuses for good        | the API's answer      | RECORD_UNKNOWN
            the ledger refuses for good        | its outcome_unknown   | PUBLISH_UNRECORDED
            """)
    void whatHappensAroundEachCall(String question, String given, String happens) {
        String decided = switch (question) {
            case "a submission queued by" -> PayoutDecision.onReceipt(given.equals("another deployment")
                    ? Optional.of("other.commands") : Optional.empty()).name();
            case "before each call, the service is" -> PayoutDecision.beforeEachCall(given.equals("stopping")).name();
            case "after the answer" -> PayoutDecision.AfterAnswer.valueOf(given).callsAgain() ? "calls again" : "final";
            case "the ledger refuses for good" -> PayoutDecision.onRefusedRecord(given.equals("its outcome_unknown")).name();
            default -> throw new IllegalArgumentException(question);
        };

        assertThat(decided).isEqualTo(happens);
    }

    @ParameterizedTest(name = "{0} {1} {2} is the same withdrawal as USDT_TRC20 10.5: {3}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            # currency  | address | amount     | same
            USDT_TRC20  | TR7     | 10.50      | true
            USDT_TRC20  | TR7     | 1.05E+1    | true
            USDT_TRC20  | TR7     | 10.5000001 | false
            USDT_ERC20  | TR7     | 10.5       | false
            USDT_TRC20  | tr7     | 10.5       | false
            """)
    void theFingerprintTellsTheSameWithdrawal(String currency, String address, BigDecimal amount, boolean same) {
        OptionalLong recorded = PayoutDecision.fingerprint(new Identity("r", null, "USDT_TRC20", "TR7", new BigDecimal("10.5")));

        assertThat(PayoutDecision.fingerprint(new Identity("r", "other", currency, address, amount)).equals(recorded))
                .isEqualTo(same);
    }

    @ParameterizedTest(name = "currency {0}, address {1}, amount {2}: no fingerprint, too broken to compare")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            -           | TR7 | 10.5
            USDT_TRC20  | -   | 10.5
            USDT_TRC20  | TR7 | -
            """)
    void aCommandThatDoesNotNameAWholeWithdrawalHasNoFingerprint(String currency, String address, BigDecimal amount) {
        assertThat(PayoutDecision.fingerprint(new Identity("r", null, currency, address, amount))).isEmpty();
    }

    private static ApiAnswer answer(String name) {
        ApiAnswer answer = switch (name) {
            case "created" -> new ApiAnswer.Created("INV-1", "created", JsonNodeFactory.instance.objectNode());
            case "rejected" -> new ApiAnswer.Rejected(400, null, "refused");
            case "rate_limited" -> new ApiAnswer.RateLimited(429, null);
            case "not_executed" -> new ApiAnswer.NotExecuted(401, "key refused", true);
            case "unknown" -> new ApiAnswer.Unknown(500, null, "no proof");
            default -> throw new IllegalArgumentException(name);
        };
        assertThat(answer.name()).isEqualTo(name);
        return answer;
    }
}
