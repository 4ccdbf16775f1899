package io.github.cryptocloudwithdrawals.cryptocloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    }

    /** The API refused to execute the call because it came too soon; nothing was paid. */
    record RateLimited(int httpStatus, JsonNode body) implements ApiAnswer {
        @Override
        public String name() {
            return "rate_limited";
        }
    }

    /**
     * The call was not executed for a reason that has nothing to do with the command (the key
     * was refused, or the API could not be reached before anything was sent): hold and retry.
     *
     * @param httpStatus the status when the API answered, {@code null} when it was not reached
     */
    record NotExecuted(Integer httpStatus, String reason) implements ApiAnswer {
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
    }
}
