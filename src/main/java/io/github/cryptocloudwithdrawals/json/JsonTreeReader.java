package io.github.cryptocloudwithdrawals.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads a command's JSON into a tree as {@link JsonMapping#MAPPER} does (integers as
 * {@code BigInteger}s, other numbers as exact {@code BigDecimal}s without trailing zeros, a name
 * given twice refused), except that a number beyond {@link JsonLimits} is kept as an
 * {@link OutOfRangeNumber}: Jackson's own tree reading would compute its value, failing on an
 * exponent beyond an int and on more than 1,000 characters, and the whole command, request id
 * included, would be lost for one field's number.
 */
public final class JsonTreeReader {

    /** The service's parser settings, with no limit of its own on a number's length: {@link OutOfRangeNumber} has it. */
    private static final JsonFactory PARSERS = JsonMapping.MAPPER.getFactory().rebuild()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
            .build();
    private static final JsonNodeFactory NODES = JsonMapping.MAPPER.getNodeFactory();

    private JsonTreeReader() {
    }

    /** A parser of the text with the service's settings. */
    public static JsonParser parser(String text) throws IOException {
        return PARSERS.createParser(text);
    }

    /** The next value of the parser as a tree, or {@code null} when the input has nothing more. */
    public static JsonNode read(JsonParser parser) throws IOException {
        return parser.nextToken() == null ? null : value(parser);
    }

    /** The value at the parser's current token; nesting is bounded by the parser (1000 levels). */
    private static JsonNode value(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return number(parser);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(parser.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalStateException("JSON text has no " + parser.currentToken() + " token");
        }
    }

    private static JsonNode number(JsonParser parser) throws IOException {
        boolean integer = parser.currentToken() == JsonToken.VALUE_NUMBER_INT;
        NumberText number = NumberText.of(parser.getText());
        if (number.problem().isPresent()) {
            return new OutOfRangeNumber(number);
        }
        if (number.zero()) {
            // its exponent may be beyond what a BigDecimal holds (0e2147483648): the value is zero all the same
            return integer ? NODES.numberNode(BigInteger.ZERO) : NODES.numberNode(BigDecimal.ZERO);
        }
        return integer ? NODES.numberNode(parser.getBigIntegerValue())
                : NODES.numberNode(parser.getDecimalValue().stripTrailingZeros());
    }
}
