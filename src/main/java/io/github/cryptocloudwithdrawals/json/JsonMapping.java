package io.github.cryptocloudwithdrawals.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one JSON configuration of the service. Amounts are money, so numbers are read as exact
 * {@code BigDecimal}s and written in plain notation; a document that names a field twice is
 * refused rather than silently resolved to one of the two values.
 */
public final class JsonMapping {

    /**
     * Jackson writes a {@code BigDecimal} in plain notation only up to this scale (either sign):
     * beyond it, {@code 1e999999999} would be a billion digits, and writing fails instead.
     */
    private static final int MAX_PLAIN_SCALE = 9999;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(new WritableNumbers())
            .build();

    private JsonMapping() {
    }

    /**
     * Every number read keeps its exact value; one with no writable plain notation (an API answer
     * may hold {@code 1e999999999}) is written in scientific notation, so an event or ledger record
     * echoing it can always be written. Commands never get here: their amounts are bounded.
     */
    private static final class WritableNumbers extends JsonNodeFactory {

        @Override
        public ValueNode numberNode(BigDecimal value) {
            if (value != null && Math.abs((long) value.scale()) > MAX_PLAIN_SCALE) {
                return new ScientificDecimalNode(value);
            }
            return super.numberNode(value);
        }
    }

    /** A {@code BigDecimal} node written in scientific notation, e.g. {@code 1E+999999999}. */
    private static final class ScientificDecimalNode extends NumericNode {

        private final BigDecimal value;

        ScientificDecimalNode(BigDecimal value) {
            this.value = value;
        }

        @Override
        public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeNumber(value.toString());
        }

        @Override
        public JsonToken asToken() {
            return JsonToken.VALUE_NUMBER_FLOAT;
        }

        @Override
        public JsonParser.NumberType numberType() {
            return JsonParser.NumberType.BIG_DECIMAL;
        }

        @Override
        public boolean isFloatingPointNumber() {
            return true;
        }

        @Override
        public boolean isBigDecimal() {
            return true;
        }

        @Override
        public Number numberValue() {
            return value;
        }

        @Override
        public int intValue() {
            return value.intValue();
        }

        @Override
        public long longValue() {
            return value.longValue();
        }

        @Override
        public double doubleValue() {
            return value.doubleValue();
        }

        @Override
        public BigDecimal decimalValue() {
            return value;
        }

        @Override
        public BigInteger bigIntegerValue() {
            return value.toBigInteger();
        }

        /** Its scale is beyond 9999 either way: zero point something tiny, or far beyond a long. */
        @Override
        public boolean canConvertToInt() {
            return false;
        }

        @Override
        public boolean canConvertToLong() {
            return false;
        }

        @Override
        public String asText() {
            return value.toString();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ScientificDecimalNode node && node.value.compareTo(value) == 0;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value.doubleValue());
        }
    }
}
