package io.github.cryptocloudwithdrawals.cryptocloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Reads CryptoCloud's answers. Its documentation shows error bodies
 * {@code {"status":"error","result":{"<key>":"<message>"}}} and success results both with
 * {@code invoice_id} and with {@code uuid}; anything not clearly one or the other is
 * {@link ApiAnswer.Unknown}, because only a clear answer can prove nothing was paid.
 */
public final class ApiAnswers {

    /** Bodies are echoed into events; an HTML error page does not need to be echoed whole. */
    private static final int MAX_TEXT_BODY_CHARS = 4096;

    private ApiAnswers() {
    }

    public static ApiAnswer fromResponse(int httpStatus, String body) {
        JsonNode json = parse(body);
        if (httpStatus == 401 || httpStatus == 403) {
            return new ApiAnswer.NotExecuted(httpStatus,
                    "CryptoCloud refused the API key (HTTP " + httpStatus + ")");
        }
        if (httpStatus == 429 || errorKeys(json).containsKey("rate_limit")) {
            return new ApiAnswer.RateLimited(httpStatus, json);
        }
        if (httpStatus >= 200 && httpStatus < 300) {
            return fromSuccessStatus(httpStatus, json);
        }
        if (httpStatus >= 400 && httpStatus < 500) {
            return new ApiAnswer.Rejected(httpStatus, json, rejection(httpStatus, json));
        }
        return new ApiAnswer.Unknown(httpStatus, json, "CryptoCloud answered HTTP " + httpStatus
                + "; the withdrawal may or may not have been created");
    }

    /**
     * Classifies a call that got no HTTP answer. Only failures that happen before the request
     * leaves (no connection, no route, no name, no TLS session) prove that nothing was sent.
     */
    public static ApiAnswer fromSendFailure(Exception failure) {
        if (failure instanceof ConnectTimeoutException
                || failure instanceof ConnectException
                || failure instanceof UnknownHostException
                || failure instanceof NoRouteToHostException
                || failure instanceof SSLHandshakeException) {
            return new ApiAnswer.NotExecuted(null, "CryptoCloud could not be reached: "
                    + failure.getClass().getSimpleName());
        }
        return new ApiAnswer.Unknown(null, null, "the request was sent but no answer came ("
                + failure.getClass().getSimpleName() + "); the withdrawal may or may not have been created");
    }

    private static ApiAnswer fromSuccessStatus(int httpStatus, JsonNode json) {
        JsonNode result = json == null ? null : json.get("result");
        String status = json == null ? null : json.path("status").asText(null);
        if ("success".equals(status) && result instanceof ObjectNode resultObject) {
            String invoiceId = text(resultObject, "invoice_id");
            if (invoiceId == null) {
                invoiceId = text(resultObject, "uuid");
            }
            if (invoiceId != null) {
                return new ApiAnswer.Created(invoiceId, text(resultObject, "status"), resultObject);
            }
        }
        if ("error".equals(status)) {
            return new ApiAnswer.Rejected(httpStatus, json, rejection(httpStatus, json));
        }
        return new ApiAnswer.Unknown(httpStatus, json, "CryptoCloud answered HTTP " + httpStatus
                + " without a readable invoice id; the withdrawal may or may not have been created");
    }

    private static String rejection(int httpStatus, JsonNode json) {
        Map<String, String> errors = errorKeys(json);
        if (errors.isEmpty()) {
            return "CryptoCloud rejected the withdrawal (HTTP " + httpStatus + ")";
        }
        StringJoiner reasons = new StringJoiner("; ");
        errors.forEach((key, message) -> reasons.add(key + ": " + message));
        return "CryptoCloud rejected the withdrawal (HTTP " + httpStatus + "): " + reasons;
    }

    /** The {@code key -> message} pairs of an error body's {@code result}, or {@code detail}. */
    private static Map<String, String> errorKeys(JsonNode json) {
        if (json == null || !json.isObject()) {
            return Map.of();
        }
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        JsonNode result = json.get("result");
        if ("error".equals(json.path("status").asText(null)) && result != null && result.isObject()) {
            result.fields().forEachRemaining(e -> errors.put(e.getKey(), e.getValue().isValueNode()
                    ? e.getValue().asText() : e.getValue().toString()));
        }
        if (json.path("detail").isTextual()) {
            errors.put("detail", json.get("detail").textValue());
        }
        return errors;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }

    /** The body as JSON, as a text node when it is not JSON, or {@code null} when empty. */
    private static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            return JsonMapping.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return new TextNode(body.length() > MAX_TEXT_BODY_CHARS ? body.substring(0, MAX_TEXT_BODY_CHARS) : body);
        }
    }
}
