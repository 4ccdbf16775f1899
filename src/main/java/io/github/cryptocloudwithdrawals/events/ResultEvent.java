package io.github.cryptocloudwithdrawals.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One result event, ready to publish.
 *
 * @param requestId    the record key and CloudEvents subject; {@code null} when the command had
 *                     no valid request id
 * @param cloudEventId the {@code ce_id}: fixed when the result is decided, so publishing the same
 *                     result again after a crash repeats it and consumers can drop the copy
 * @param replayed     true when this answers a duplicate command with an earlier result
 */
public record ResultEvent(Kind kind, String requestId, ObjectNode body, String cloudEventId, Instant time,
                          boolean replayed) {

    /** The same event under another {@code ce_id}. */
    public ResultEvent identifiedBy(String otherCloudEventId) {
        return new ResultEvent(kind, requestId, body, otherCloudEventId, time, replayed);
    }

    /** True for a failure that paid nothing and may be sent again under the same request id. */
    public boolean retryable() {
        return kind == Kind.FAILED && body.path("retryable").asBoolean(false);
    }

    /** True for the failure {@code outcome_unknown}: nobody knows whether the withdrawal was created. */
    public boolean outcomeUnknown() {
        return kind == Kind.FAILED && ErrorType.OUTCOME_UNKNOWN.wireName().equals(body.path("error").path("type").asText(null));
    }

    /** Which topic the event goes to, and its CloudEvents type. */
    public enum Kind {
        SUCCEEDED("plus.cryptocloud.withdrawal.succeeded"),
        FAILED("plus.cryptocloud.withdrawal.failed");

        private final String cloudEventType;

        Kind(String cloudEventType) {
            this.cloudEventType = cloudEventType;
        }

        public String cloudEventType() {
            return cloudEventType;
        }
    }
}
