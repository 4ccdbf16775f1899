package io.github.cryptocloudwithdrawals.cryptocloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads CryptoCloud's answers: {@link AnswerForm}, the answer table, says what an answer is; this
 * class turns it into the {@link ApiAnswer} the submission acts on, with a message for people.
 */
public final class ApiAnswers {

    /** An API's error texts end up in log lines and the readiness reason: enough to see what it said. */
    private static final int MAX_REASONS_CHARS = 500;

    private ApiAnswers() {
    }

    public static ApiAnswer fromResponse(int httpStatus, String body) {
        return read(ReceivedAnswer.response(httpStatus, body));
    }

    /** Classifies a call that got no HTTP answer. */
    public static ApiAnswer fromSendFailure(Exception failure) {
        return read(ReceivedAnswer.noAnswer(failure));
    }

    private static ApiAnswer read(ReceivedAnswer received) {
        Integer status = received.httpStatus();
        AnswerForm form = AnswerForm.of(received);
        return switch (form.outcome()) {
            case CREATED -> {
                ObjectNode result = received.envelopeObject();
                JsonNode resultStatus = result.get("status");
                yield new ApiAnswer.Created(received.invoiceId(),
                        resultStatus != null && resultStatus.isTextual() ? resultStatus.textValue() : null, result);
            }
            case REJECTED -> new ApiAnswer.Rejected(status, received.body(),
                    "CryptoCloud rejected the withdrawal (HTTP " + status + ")" + reasons(received));
            case RATE_LIMITED -> new ApiAnswer.RateLimited(status, received.body());
            case NOT_EXECUTED -> {
                if (!received.answered()) {
                    yield new ApiAnswer.NotExecuted(null, "CryptoCloud could not be reached: "
                            + describe(received.failure()), false);
                }
                yield form == AnswerForm.NOT_THE_ENDPOINT
                        ? new ApiAnswer.NotExecuted(status, "the answer HTTP " + status + " did not come from "
                                + "CryptoCloud's payout endpoint (a wrong CRYPTOCLOUD_BASE_URL, or a proxy's or a web "
                                + "server's page); nothing was executed" + reasons(received), false)
                        : new ApiAnswer.NotExecuted(status, "CryptoCloud refused the API key (HTTP " + status + ")"
                                + reasons(received), true);
            }
            case UNKNOWN -> received.answered()
                    ? new ApiAnswer.Unknown(status, received.body(), "CryptoCloud answered HTTP " + status
                            + (received.statusIn(200, 299) ? " without a readable invoice id" : "")
                            + "; the withdrawal may or may not have been created")
                    : new ApiAnswer.Unknown(null, null, "the request was sent but no answer came ("
                            + received.failure().getClass().getSimpleName()
                            + "); the withdrawal may or may not have been created");
        };
    }

    /**
     * ": key: message; key: message" of an error body, ": detail: text" of a detail body, ": body: text"
     * of a body that is not JSON (its white space run together: a page's title says what answered),
     * else nothing.
     */
    private static String reasons(ReceivedAnswer received) {
        Map<String, String> errors = received.errors();
        StringJoiner reasons = new StringJoiner("; ", ": ", "").setEmptyValue("");
        errors.forEach((key, message) -> reasons.add(key + ": " + message));
        if (errors.isEmpty() && received.detail() != null) {
            reasons.add("detail: " + received.detail());
        } else if (!received.json() && received.body() != null && !received.body().textValue().isBlank()) {
            reasons.add("body: " + received.body().textValue().strip().replaceAll("\\s+", " "));
        }
        String text = reasons.toString();
        return text.length() > MAX_REASONS_CHARS ? text.substring(0, MAX_REASONS_CHARS) + "…" : text;
    }

    /**
     * The failure's type and message: an operator reads in it which name did not resolve or which
     * certificate was not trusted. Neither a connection's nor a handshake's failure carries a header.
     */
    private static String describe(Exception failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
