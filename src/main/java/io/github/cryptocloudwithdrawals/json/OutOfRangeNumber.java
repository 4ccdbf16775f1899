package io.github.cryptocloudwithdrawals.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number of a command beyond what the service reads exactly ({@link JsonLimits}): kept as
 * the text it was written with, so that the command is still read, keeps its request, and the
 * field holding the number is refused by validation. Its value is never computed: {@code 1e9999999999}
 * has none a {@code BigDecimal} can hold, and {@code 1e999999999} has a billion digits in plain
 * notation. It is written back as a JSON string of its text: most JSON readers (Go's refuses
 * {@code 1e400}, JavaScript's and Python's read it as infinity) could not read it as a number, and
 * I-JSON (RFC 7493, 2.2) advises strings for numbers beyond a double.
 */
public final class OutOfRangeNumber extends NumericNode {

    private final NumberText number;

    /** @param number a number beyond the limits: its {@link NumberText#problem} says which */
    OutOfRangeNumber(NumberText number) {
        this.number = number;
    }

    /** The number as it was written. */
    public String text() {
        return number.text();
    }

    public boolean negative() {
        return number.negative();
    }

    /** Digits before the decimal point when written out in full. */
    public long digitsBeforePoint() {
        return number.digitsBeforePoint();
    }

    /** Digits after the decimal point when written out in full, trailing zeros not counted. */
    public long digitsAfterPoint() {
        return number.digitsAfterPoint();
    }

    /** Which limit it is beyond, e.g. {@code has 401 digits before the decimal point ...}. */
    public String problem() {
        return number.problem().orElseThrow();
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeString(number.text());
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_STRING;
    }

    @Override
    public String asText() {
        return number.text();
    }

    @Override
    public JsonParser.NumberType numberType() {
        return JsonParser.NumberType.BIG_DECIMAL;
    }

    @Override
    public Number numberValue() {
        throw noValue();
    }

    @Override
    public int intValue() {
        throw noValue();
    }

    @Override
    public long longValue() {
        throw noValue();
    }

    @Override
    public double doubleValue() {
        throw noValue();
    }

    @Override
    public BigDecimal decimalValue() {
        throw noValue();
    }

    @Override
    public BigInteger bigIntegerValue() {
        throw noValue();
    }

    @Override
    public boolean canConvertToInt() {
        return false;
    }

    @Override
    public boolean canConvertToLong() {
        return false;
    }

    private UnsupportedOperationException noValue() {
        return new UnsupportedOperationException("the number " + number.text() + " is out of range: its value is never computed");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutOfRangeNumber that && that.number.text().equals(number.text());
    }

    @Override
    public int hashCode() {
        return number.text().hashCode();
    }
}
