package io.github.cryptocloudwithdrawals.resolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a resolution record (SPEC §5a): a strict JSON object. An operator's typo must not pass
 * for something else, so unknown fields, values of the wrong type and an {@code invoice_id} on a
 * {@code not_paid} are refused, each with its reason.
 */
public final class ResolutionReader {

    /** The longest text of any field but {@code request_id}. */
    public static final int MAX_FIELD_CHARS = 256;
    private static final Set<String> FIELDS = Set.of("request_id", "resolution", "invoice_id", "account", "resolved_by",
            "note");

    /** What reading one record came to. */
    public sealed interface Reading permits Read, Refused {
    }

    public record Read(Resolution resolution) implements Reading {
    }

    /** @param requestId the request the record names, when it names one well-formed, else {@code null} */
    public record Refused(String requestId, String reason) implements Reading {
    }

    private final CommandReader json = new CommandReader();

    /**
     * @param key         the record key: the request id, or {@code null}
     * @param record      where the record was published: its identity
     * @param publishedAt the record's timestamp
     */
    public Reading read(String key, byte[] value, Resolution.RecordId record, Instant publishedAt) {
        CommandReader.Reading reading = json.read(value);
        if (reading instanceof CommandReader.Unreadable unreadable) {
            return new Refused(key != null && CommandValidator.isRequestId(key) ? key : null, unreadable.reason());
        }
        ObjectNode object = ((CommandReader.Readable) reading).json();
        JsonNode requestIdNode = object.get("request_id");
        String requestId = requestIdNode != null && requestIdNode.isTextual()
                && CommandValidator.isRequestId(requestIdNode.textValue()) ? requestIdNode.textValue() : null;
        Optional<String> problem = problem(object, requestId, key);
        if (problem.isPresent()) {
            return new Refused(requestId, problem.get());
        }
        Resolution.Kind kind = object.get("resolution").textValue().equals("paid") ? Resolution.Kind.PAID
                : Resolution.Kind.NOT_PAID;
        return new Read(new Resolution(requestId, kind, text(object, "invoice_id"), text(object, "account"),
                text(object, "resolved_by"), text(object, "note"), record, publishedAt, null));
    }

    private static Optional<String> problem(ObjectNode object, String requestId, String key) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                return Optional.of("unknown field '" + cut(field.getKey()) + "' (a resolution has " + FIELDS.stream()
                        .sorted().toList() + ")");
            }
            if (!field.getValue().isTextual()) {
                return Optional.of(field.getKey() + " is not a string");
            }
        }
        if (requestId == null) {
            return Optional.of(object.has("request_id") ? "request_id is not 1 to 64 characters of [A-Za-z0-9._:-]"
                    : "request_id is missing");
        }
        if (key != null && !key.equals(requestId)) {
            return Optional.of("the record key '" + cut(key) + "' is not its request_id");
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            int length = field.getValue().textValue().length();
            if (length > MAX_FIELD_CHARS) {
                return Optional.of(field.getKey() + " has " + length + " characters; at most " + MAX_FIELD_CHARS
                        + " are accepted");
            }
        }
        String resolution = text(object, "resolution");
        if (resolution == null) {
            return Optional.of("resolution is missing");
        }
        boolean hasInvoice = text(object, "invoice_id") != null && !text(object, "invoice_id").isBlank();
        return switch (resolution) {
            case "paid" -> hasInvoice ? Optional.empty() : Optional.of("resolution paid needs the invoice_id found in "
                    + "CryptoCloud's dashboard");
            case "not_paid" -> object.has("invoice_id") ? Optional.of("resolution not_paid has an invoice_id: a "
                    + "withdrawal with an invoice was paid") : Optional.empty();
            default -> Optional.of("resolution is '" + cut(resolution) + "'; it is paid or not_paid");
        };
    }

    private static String text(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        return value == null ? null : value.textValue();
    }

    /** A log line shows at most this much of what an operator typed. */
    private static String cut(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
