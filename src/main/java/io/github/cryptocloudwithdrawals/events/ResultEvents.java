package io.github.cryptocloudwithdrawals.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.github.cryptocloudwithdrawals.validation.KnownAccounts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the success and failure events of SPEC §4 and puts them on a Camel message as a Kafka
 * record: JSON body, {@code request_id} key and CloudEvents binary-mode headers.
 */
public final class ResultEvents {

    /** How much of an unreadable value a failure event carries. */
    static final int MAX_RAW_CHARS = 64 * 1024;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private static final Logger LOG = LoggerFactory.getLogger(ResultEvents.class);

    private final Clock clock;
    private final String source;
    private final WithdrawalMetrics metrics;

    /** @param source the CloudEvents {@code ce_source} of every event this service publishes */
    public ResultEvents(Clock clock, String source, WithdrawalMetrics metrics) {
        this.clock = clock;
        this.source = source;
        this.metrics = metrics;
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
     * @param requestId the command's valid request id, or {@code null}
     * @param command   the command as received when it was a JSON object, else {@code null}
     */
    public ResultEvent failed(String requestId, Failure failure, JsonNode command) {
        ObjectNode body = failureBody(requestId, failure);
        body.set("command", command);
        body.put("failed_at", timestamp(clock.instant()));
        return event(ResultEvent.Kind.FAILED, requestId, body);
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

    /** Exchange property naming the {@link ResultEvent.Kind} the exchange now carries. */
    public static final String KIND = "resultKind";

    /**
     * Makes the exchange's message the Kafka record of this event (value, key and headers, the
     * command's own record headers kept), and logs the outcome: one line per command.
     */
    public void writeTo(Exchange exchange, ResultEvent event) {
        Message message = exchange.getMessage();
        exchange.setProperty(KIND, event.kind().name());
        message.setBody(json(event.body()));
        if (event.requestId() == null) {
            message.removeHeader(KafkaConstants.KEY);
            message.removeHeader("ce_subject");
        } else {
            message.setHeader(KafkaConstants.KEY, event.requestId());
            message.setHeader("ce_subject", event.requestId());
        }
        message.setHeader("ce_specversion", "1.0");
        message.setHeader("ce_id", event.cloudEventId());
        message.setHeader("ce_source", source);
        message.setHeader("ce_type", event.kind().cloudEventType());
        message.setHeader("ce_time", timestamp(event.time()));
        if (event.replayed()) {
            message.setHeader("replayed", "true");
        } else {
            message.removeHeader("replayed");
        }
        // Kafka header names are case-sensitive: drop every spelling of Content-Type so the record
        // carries exactly the one lower-case name CloudEvents' Kafka binding uses.
        message.getHeaders().keySet().removeIf("content-type"::equalsIgnoreCase);
        message.setHeader("content-type", "application/json");
        // the intake's mark on a submission is the service's own bookkeeping, not the command's
        message.removeHeader(DeploymentStamp.HEADER);
        metrics.result(event);
        Long publishedAt = message.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        logOutcome(event, publishedAt == null ? null : clock.millis() - publishedAt);
    }

    /** @param latencyMillis from the command's publication to its result, when known */
    private static void logOutcome(ResultEvent event, Long latencyMillis) {
        ObjectNode body = event.body();
        if (event.kind() == ResultEvent.Kind.SUCCEEDED) {
            LOG.info("request_id={} outcome=succeeded replayed={} account={} invoice_id={} currency_code={} amount={} "
                            + "latency_ms={}", event.requestId(), event.replayed(), KnownAccounts.label(body.path("account").textValue()),
                    body.path("invoice_id").asText(),
                    body.path("currency_code").asText(), body.path("amount").asText(), latencyMillis);
        } else {
            JsonNode error = body.path("error");
            LOG.info("request_id={} outcome=failed replayed={} error={} field={} http_status={} latency_ms={} message={}",
                    event.requestId(), event.replayed(), error.path("type").asText(), error.path("field").asText(null),
                    error.path("http_status").asText(null), latencyMillis, error.path("message").asText());
        }
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

    private static String json(ObjectNode body) {
        try {
            return JsonMapping.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event body could not be serialized", e);
        }
    }
}
