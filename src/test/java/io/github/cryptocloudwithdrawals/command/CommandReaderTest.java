package io.github.cryptocloudwithdrawals.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandReaderTest {

    private final CommandReader reader = new CommandReader();

    private String reasonFor(byte[] value) {
        CommandReader.Reading reading = reader.read(value);
        assertThat(reading).isInstanceOf(CommandReader.Unreadable.class);
        return ((CommandReader.Unreadable) reading).reason();
    }

    private String reasonFor(String value) {
        return reasonFor(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String nested(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    @Test
    void readsAJsonObject() {
        var reading = reader.read("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(reading).isInstanceOf(CommandReader.Readable.class);
    }

    @Test
    void saysWhyAValueIsNotACommand() {
        assertThat(reasonFor((byte[]) null)).contains("empty");
        assertThat(reasonFor(new byte[0])).contains("empty");
        assertThat(reasonFor(new byte[]{(byte) 0xC3, (byte) 0x28})).contains("not valid UTF-8");
        assertThat(reasonFor("{\"a\":")).contains("not valid JSON");
        assertThat(reasonFor("[1,2]")).contains("not an object");
        assertThat(reasonFor("\"text\"")).contains("not an object");
        assertThat(reasonFor("{\"amount\":1,\"amount\":1000}")).contains("Duplicate field 'amount'");
        assertThat(reasonFor("{\"a\":\"" + "x".repeat(70_000) + "\"}")).contains("at most 65536");
        assertThat(reasonFor("\uFEFF{\"a\":1}")).contains("not valid JSON");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"request_id\":\"a\"}{\"request_id\":\"b\"}",
            "{\"a\":1} {\"a\":1}",
            "{\"a\":1} xyz",
            "{\"a\":1}\n7",
            "{\"a\":1} null",
            "{\"a\":1} []",
            "{\"a\":1}\u0000",
            "{\"a\":1}\u00a0",
            "{\"a\":1} /* note */",
    })
    void aValueIsOneJsonObjectWithNothingButWhitespaceAfterIt(String value) {
        assertThat(reasonFor(value)).startsWith("the record value has more than one JSON object");
    }

    @Test
    void whitespaceAroundTheObjectIsFine() {
        assertThat(reader.read(" \t\r\n{\"a\":1} \t\r\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CommandReader.Readable.class);
    }

    /** A number's size is a field's business (validation, with the request kept), not the record's shape. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"amount\":1e400}",
            "{\"amount\":1e999999999}",
            "{\"amount\":1e-999999999}",
            "{\"metadata\":{\"x\":[1,-1e64]}}",
            "{\"x\":1.5e-64}",
            "{\"x\":12345678901234567890123456789012345678901234567890123456789012345}",
            "{\"amount\":1e9999999999}",
            "{\"x\":{\"y\":-1e-2147483649}}",
    })
    void numbersBeyondTheLimitsAreReadAndLeftToValidation(String value) {
        assertThat(reader.read(value.getBytes(StandardCharsets.UTF_8))).isInstanceOf(CommandReader.Readable.class);
    }

    @Test
    void aNumberOfMoreThanAThousandCharactersIsReadAndLeftToValidation() {
        String value = "{\"x\":1." + "0".repeat(5000) + "}";
        assertThat(reader.read(value.getBytes(StandardCharsets.UTF_8))).isInstanceOf(CommandReader.Readable.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"x\":1e63}",
            "{\"x\":-1e-64}",
            "{\"x\":1.5e-63}",
            "{\"x\":1234567890123456789012345678901234567890123456789012345678901234}",
            "{\"x\":0.1234567890123456789012345678901234567890123456789012345678901234}",
            "{\"x\":0e-999999999}",
            "{\"x\":-0.0}",
            "{\"x\":1.50000000000000000000000000000000000000000000000000000000000000000000000000000000000}",
    })
    void numbersWithinTheLimitsAreRead(String value) {
        assertThat(reader.read(value.getBytes(StandardCharsets.UTF_8))).isInstanceOf(CommandReader.Readable.class);
    }

    @Test
    void objectsAndArraysNestAtMostAHundredLevels() {
        assertThat(reader.read(("{\"x\":" + nested(99) + "}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CommandReader.Readable.class);
        assertThat(reasonFor("{\"x\":" + nested(100) + "}"))
                .startsWith("objects and arrays nest more than 100 levels deep (at /x/0/0/0/0/");
        assertThat(reasonFor("{\"x\":" + nested(2000) + "}")).contains("nesting depth");
    }
}
