package io.github.cryptocloudwithdrawals.cryptocloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;

/**
 * What one call to the payout endpoint came to. The distinction that matters for money is
 * between answers that prove the withdrawal was or was not created, and {@link Unknown}.
 */
public sealed interface ApiAnswer {

    /** A short name for metrics and logs. */
    String name();

    /** The withdrawal was created. @param result the API's {@code result} object, unchanged */
    record Created(String invoiceId, String status, ObjectNode result) implements ApiAnswer {
        @Override
        public String name() {
            return "created";
        }
    }

    /** The API refused the withdrawal; nothing was paid. */
    record Rejected(int httpStatus, JsonNode body, String message) implements ApiAnswer {
        @Override
        public String name() {
            return "rejected";
        }

        /** The command's failure: {@code rejected}, with the API's body as {@code api_error}. */
        public Failure failure() {
            return new Failure(ErrorType.REJECTED, message, null, httpStatus, body);
        }
    }

    /** The API refused to execute the call because it came too soon; nothing was paid. */
    record RateLimited(int httpStatus, JsonNode body) implements ApiAnswer {
        @Override
        public String name() {
            return "rate_limited";
        }

        /** The command's failure once the API answered this way {@code answers} times in a row. */
        public Failure failure(int answers) {
            return new Failure(ErrorType.RATE_LIMITED, "CryptoCloud answered with a rate-limit error " + answers
                    + " times in a row; the withdrawal was not executed and may be sent again", null, httpStatus, body);
        }
    }

    /**
     * The call was not executed for a reason that has nothing to do with the command (the key
     * was refused, the API could not be reached before anything was sent, or the answer did not
     * come from the payout endpoint): hold and retry.
     *
     * @param httpStatus the status when an answer came, {@code null} when the API was not reached
     * @param keyRefused whether the API refused the key: a key kept in a file is read again
     */
    record NotExecuted(Integer httpStatus, String reason, boolean keyRefused) implements ApiAnswer {
        @Override
        public String name() {
            return "not_executed";
        }
    }

    /** The request may have been executed, but no answer says so. Never retried. */
    record Unknown(Integer httpStatus, JsonNode body, String message) implements ApiAnswer {
        @Override
        public String name() {
            return "unknown";
        }

        /** The command's failure: {@code outcome_unknown}, with whatever body came. */
        public Failure failure() {
            return new Failure(ErrorType.OUTCOME_UNKNOWN, message, null, httpStatus, body);
        }
    }
}
