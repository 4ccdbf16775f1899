package io.github.cryptocloudwithdrawals.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the success and failure events (docs/commands-and-results.md, "Result events"); {@link ResultRecords} puts them
 * on their Kafka records.
 */
public final class ResultEvents {

    /** How much of an unreadable value a failure event carries. */
    static final int MAX_RAW_CHARS = 64 * 1024;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public ResultEvents(Clock clock) {
        this.clock = clock;
    }

    public ResultEvent succeeded(WithdrawalCommand command, String invoiceId, String status,
                                 ObjectNode response, Instant submittedAt) {
        ObjectNode body = JsonMapping.MAPPER.createObjectNode();
        body.put("request_id", command.requestId());
        if (command.account() != null) {
            body.put("account", command.account());
        }
        body.put("invoice_id", invoiceId);
        body.put("status", status);
        body.put("currency_code", command.currency().code());
        body.put("to_address", command.toAddress());
        body.put("amount", command.amount().toPlainString());
        body.set("metadata", command.metadata());
        body.put("submitted_at", timestamp(submittedAt));
        body.put("completed_at", timestamp(clock.instant()));
        body.set("response", response);
        return event(ResultEvent.Kind.SUCCEEDED, command.requestId(), body);
    }

    /**
     * The success an operator's {@code paid} resolution makes of an {@code outcome_unknown}: the
     * invoice they found, {@code status} {@code created} (the withdrawal exists, as after the
     * API's own success), no API answer ({@code response} null), and the resolution echoed.
     *
     * @param unknown    the request's {@code outcome_unknown} failure, whose command it was
     * @param resolution the {@code resolution} object to echo
     */
    public ResultEvent resolvedPaid(ResultEvent unknown, String invoiceId, ObjectNode resolution) {
        JsonNode command = unknown.body().path("command");
        ObjectNode body = JsonMapping.MAPPER.createObjectNode();
        body.put("request_id", unknown.requestId());
        if (command.hasNonNull("account")) {
            body.set("account", command.get("account"));
        }
        body.put("invoice_id", invoiceId);
        body.put("status", "created");
        body.set("currency_code", command.get("currency_code"));
        body.set("to_address", command.get("to_address"));
        JsonNode amount = command.path("amount");
        body.put("amount", (amount.isNumber() ? amount.decimalValue() : new BigDecimal(amount.asText())).toPlainString());
        body.set("metadata", command.get("metadata"));
        // when the call was last known of: its outcome_unknown
        body.set("submitted_at", unknown.body().get("failed_at"));
        body.put("completed_at", timestamp(clock.instant()));
        body.putNull("response");
        body.set("resolution", resolution);
        return event(ResultEvent.Kind.SUCCEEDED, unknown.requestId(), body);
    }

    /**
     * @param requestId the command's valid request id, or {@code null}
     * @param command   the command as received when it was a JSON object, else {@code null}
     */
    public ResultEvent failed(String requestId, Failure failure, JsonNode command) {
        ObjectNode body = failureBody(requestId, failure);
        body.set("command", command);
        body.put("failed_at", timestamp(clock.instant()));
        return event(ResultEvent.Kind.FAILED, requestId, body);
    }

    /** Another withdrawal under a request id used before: never sent. */
    public ResultEvent conflict(String requestId, JsonNode command) {
        return failed(requestId, Failure.of(ErrorType.CONFLICT, "request_id " + requestId + " was used before for a "
                + "different withdrawal (currency_code, to_address or amount differ)"), command);
    }

    /** A failure for a value that is not a JSON object: the event shows the value itself. */
    public ResultEvent malformed(String message, byte[] raw) {
        ObjectNode body = failureBody(null, Failure.of(ErrorType.MALFORMED, message));
        body.putNull("command");
        putRaw(body, raw);
        body.put("failed_at", timestamp(clock.instant()));
        return event(ResultEvent.Kind.FAILED, null, body);
    }

    /** The same result for a duplicate command: same body, its own {@code ce_id}, marked replayed. */
    public ResultEvent replay(ResultEvent original) {
        return new ResultEvent(original.kind(), original.requestId(), original.body(), UUID.randomUUID().toString(),
                clock.instant(), true);
    }

    private ResultEvent event(ResultEvent.Kind kind, String requestId, ObjectNode body) {
        return new ResultEvent(kind, requestId, body, UUID.randomUUID().toString(), clock.instant(), false);
    }

    private static ObjectNode failureBody(String requestId, Failure failure) {
        ObjectNode body = JsonMapping.MAPPER.createObjectNode();
        body.put("request_id", requestId);
        ObjectNode error = body.putObject("error");
        error.put("type", failure.type().wireName());
        error.put("message", failure.message());
        error.put("field", failure.field());
        error.put("http_status", failure.httpStatus());
        error.set("api_error", failure.apiError());
        body.put("retryable", failure.type().retryable());
        return body;
    }

    private static void putRaw(ObjectNode body, byte[] raw) {
        if (raw == null) {
            body.putNull("raw");
            return;
        }
        Optional<String> text = CommandReader.strictUtf8(raw);
        if (text.isPresent()) {
            boolean cut = text.get().length() > MAX_RAW_CHARS;
            body.put("raw", cut ? cutAtCharBoundary(text.get()) : text.get());
            body.put("raw_truncated", cut);
        } else {
            int maxBytes = MAX_RAW_CHARS / 4 * 3; // base64 turns 3 bytes into 4 characters
            boolean cut = raw.length > maxBytes;
            body.put("raw", Base64.getEncoder().encodeToString(cut ? Arrays.copyOf(raw, maxBytes) : raw));
            body.put("raw_encoding", "base64");
            body.put("raw_truncated", cut);
        }
    }

    private static String cutAtCharBoundary(String text) {
        int end = Character.isHighSurrogate(text.charAt(MAX_RAW_CHARS - 1)) ? MAX_RAW_CHARS - 1 : MAX_RAW_CHARS;
        return text.substring(0, end);
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }
}
