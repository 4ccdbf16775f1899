package io.github.cryptocloudwithdrawals.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a record value into a JSON object, or says why it cannot be read. Only the shape is
 * checked here; what the fields mean is {@code CommandValidator}'s job.
 */
public final class CommandReader {

    /** Larger values are refused unread: no legitimate command comes near this size. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    /** The outcome of reading one record value. */
    public sealed interface Reading permits Readable, Unreadable {
    }

    public record Readable(ObjectNode json) implements Reading {
    }

    /** @param raw the value as received (possibly null), so the failure event can show it */
    public record Unreadable(String reason, byte[] raw) implements Reading {
    }

    public Reading read(byte[] value) {
        if (value == null || value.length == 0) {
            return new Unreadable("the record value is empty (a tombstone is not a command)", value);
        }
        if (value.length > MAX_VALUE_BYTES) {
            return new Unreadable("the record value is " + value.length + " bytes; at most "
                    + MAX_VALUE_BYTES + " are accepted", value);
        }
        Optional<String> text = strictUtf8(value);
        if (text.isEmpty()) {
            return new Unreadable("the record value is not valid UTF-8", value);
        }
        JsonNode json;
        try {
            json = JsonMapping.MAPPER.readTree(text.get());
        } catch (JsonProcessingException e) {
            // the original message leaves out Jackson's excerpt of the input and its location
            return new Unreadable("the record value is not valid JSON: " + e.getOriginalMessage(), value);
        }
        if (json == null || !json.isObject()) {
            return new Unreadable("the record value is JSON but not an object", value);
        }
        return new Readable((ObjectNode) json);
    }

    /** The bytes as text, or empty when they are not valid UTF-8 (no replacement characters). */
    public static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
