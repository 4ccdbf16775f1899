package io.github.cryptocloudwithdrawals.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.json.JsonLimits;
import io.github.cryptocloudwithdrawals.json.JsonTreeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a record value into a JSON object, or says why it cannot be read. Only the shape is
 * checked here; what the fields mean is {@code CommandValidator}'s job, a number's size included
 * (one beyond the limits is read as an {@code OutOfRangeNumber}), so that a command keeps its
 * request whenever it is one JSON object.
 */
public final class CommandReader {

    /** Larger values are refused unread: no legitimate command comes near this size. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final String MORE_THAN_ONE_VALUE = "the record value has more than one JSON object, or more after "
            + "it: a record holds exactly one command, followed by nothing but whitespace";

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
        JsonNode json = null;
        try (JsonParser parser = JsonTreeReader.parser(text.get())) {
            json = JsonTreeReader.read(parser);
            if (json == null) {
                return new Unreadable("the record value is not valid JSON: it holds nothing but whitespace", value);
            }
            if (!json.isObject()) {
                return new Unreadable("the record value is JSON but not an object", value);
            }
            if (parser.nextToken() != null) {
                return new Unreadable(MORE_THAN_ONE_VALUE, value);
            }
        } catch (JsonProcessingException e) {
            // the original message leaves out Jackson's excerpt of the input and its location
            return new Unreadable(json == null ? "the record value is not valid JSON: " + e.getOriginalMessage()
                    : MORE_THAN_ONE_VALUE + " (" + e.getOriginalMessage() + ")", value);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a string failed", e);
        }
        Optional<String> tooDeep = JsonLimits.nestingProblem(json);
        if (tooDeep.isPresent()) {
            return new Unreadable(tooDeep.get(), value);
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
