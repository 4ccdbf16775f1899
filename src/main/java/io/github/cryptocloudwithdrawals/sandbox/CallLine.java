package io.github.cryptocloudwithdrawals.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * The sandbox's log line for one call it answered, so that a trial sees what it received and
 * how it answered: the payout's amount and currency, then the answer (status and form). The time
 * is the log line's. Never a header: the API key stays out of the log.
 */
final class CallLine {

    private static final int MAX_TEXT = 80;

    private CallLine() {
    }

    static String of(RecordedRequest request, Reply reply) {
        ObjectNode payout = PayoutJson.parseObject(request.body());
        String what = payout == null ? "a body that is no JSON object"
                : text(payout.get("amount")) + " " + text(payout.get("currency_code"));
        return request.method() + " " + request.path() + " " + what + " -> " + answer(reply);
    }

    /** "HTTP 200 success INV-…", "HTTP 400 error rate_limit", "HTTP 404 detail Not found.", "HTTP 413 text/html", or a drop. */
    private static String answer(Reply reply) {
        if (reply.dropConnection()) {
            return "connection dropped without an answer";
        }
        String answered = "HTTP " + reply.status();
        ObjectNode body = PayoutJson.parseObject(reply.body());
        if (body == null) {
            return answered + " " + reply.contentType() + (reply.body().isEmpty() ? " (empty)" : "");
        }
        JsonNode object = body.has("result") ? body.get("result") : body.get("data");
        if ("success".equals(body.path("status").asText())) {
            return answered + " success " + text(object == null ? null : object.has("invoice_id")
                    ? object.get("invoice_id") : object.get("uuid"));
        }
        if ("error".equals(body.path("status").asText()) && object != null && object.isObject()) {
            Iterator<String> keys = object.fieldNames();
            return answered + " error " + (keys.hasNext() ? keys.next() : "(no key)");
        }
        return body.has("detail") ? answered + " detail " + text(body.get("detail")) : answered + " " + text(body);
    }

    private static String text(JsonNode value) {
        String text = value == null ? "(none)" : value.isValueNode() ? value.asText() : value.toString();
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
    }
}
