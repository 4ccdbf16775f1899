package io.github.cryptocloudwithdrawals.resolution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * An operator's resolution of an {@code outcome_unknown} result (SPEC §5a), as read from the
 * resolutions topic, with the record it came in: that record is its identity, so the same
 * resolution delivered twice is known as one.
 *
 * @param invoiceId   the invoice the operator found, for {@link Kind#PAID} only
 * @param account     the account the command named, {@code null} for the default account
 * @param resolvedBy  who resolved it, or {@code null}
 * @param note        the operator's note, or {@code null}
 * @param publishedAt the record's timestamp; {@code null} for one forwarded by an earlier version
 * @param outcome     the {@code ce_id} of the outcome_unknown the resolutions route found it applies to;
 *                    {@code null} until it is forwarded (and for one forwarded by an earlier version)
 */
public record Resolution(String requestId, Kind kind, String invoiceId, String account, String resolvedBy, String note,
                         RecordId record, Instant publishedAt, String outcome) {

    /** What the operator found in CryptoCloud's dashboard. */
    public enum Kind {
        /** The withdrawal exists: the request's result becomes a success, without a call. */
        PAID,
        /** No withdrawal was created: the original command is sent once more. */
        NOT_PAID;

        /** As in the record and in the events' {@code resolution} header. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where a resolution was published: a later record of the same partition is a later
     * resolution (records keyed by request id all go to one partition, in order).
     */
    public record RecordId(String topic, int partition, long offset) {

        /** False when this record is the other, or came before it in the same partition. */
        public boolean isAfter(RecordId other) {
            return !topic.equals(other.topic) || partition != other.partition || offset > other.offset;
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }

        /** The record an event's (or a recorded result's) {@code resolution} object names, if it has one. */
        public static Optional<RecordId> echoedIn(JsonNode eventBody) {
            JsonNode record = eventBody.path("resolution").path("record");
            return record.isObject() ? Optional.of(new RecordId(record.path("topic").asText(),
                    record.path("partition").asInt(), record.path("offset").asLong())) : Optional.empty();
        }
    }

    /** This resolution, found to apply to the outcome_unknown with this {@code ce_id}. */
    public Resolution appliesTo(String outcomeId) {
        return new Resolution(requestId, kind, invoiceId, account, resolvedBy, note, record, publishedAt, outcomeId);
    }

    /** The resolution as the resolutions route hands it to the account's submission stage, in a record header. */
    public String forwarded() {
        ObjectNode value = echo(Instant.EPOCH);
        value.remove("resolved_at");
        value.put("request_id", requestId);
        value.put("published_at", publishedAt == null ? null : publishedAt.toString());
        value.put("outcome", outcome);
        try {
            return JsonMapping.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resolution could not be serialized", e);
        }
    }

    /** Reads {@link #forwarded()} back. */
    public static Resolution fromForwarded(String forwarded) {
        try {
            JsonNode value = JsonMapping.MAPPER.readTree(forwarded);
            return new Resolution(value.path("request_id").asText(), Kind.valueOf(value.path("resolution").asText()
                    .toUpperCase(Locale.ROOT)), value.path("invoice_id").asText(null), value.path("account").asText(null),
                    value.path("resolved_by").asText(null), value.path("note").asText(null),
                    RecordId.echoedIn(JsonMapping.MAPPER.createObjectNode().set("resolution", value)).orElseThrow(),
                    value.hasNonNull("published_at") ? Instant.parse(value.get("published_at").textValue()) : null,
                    value.path("outcome").asText(null));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a forwarded resolution: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code resolution} object an event echoes, and the ledger keeps with the result: what
     * the operator said, when it was applied, and the record it came in.
     */
    public ObjectNode echo(Instant resolvedAt) {
        ObjectNode echo = JsonMapping.MAPPER.createObjectNode();
        echo.put("resolution", kind.wireName());
        if (invoiceId != null) {
            echo.put("invoice_id", invoiceId);
        }
        if (account != null) {
            echo.put("account", account);
        }
        echo.put("resolved_by", resolvedBy);
        echo.put("note", note);
        echo.put("resolved_at", resolvedAt.toString());
        ObjectNode from = echo.putObject("record");
        from.put("topic", record.topic());
        from.put("partition", record.partition());
        from.put("offset", record.offset());
        return echo;
    }
}
