package io.github.cryptocloudwithdrawals.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One result event, ready to publish.
 *
 * @param requestId the record key and CloudEvents subject; {@code null} when the command had no
 *                  valid request id
 */
public record ResultEvent(Kind kind, String requestId, ObjectNode body) {

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
