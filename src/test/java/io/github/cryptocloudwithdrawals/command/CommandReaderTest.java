package io.github.cryptocloudwithdrawals.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandReaderTest {

    private final CommandReader reader = new CommandReader();

    private String reasonFor(byte[] value) {
        CommandReader.Reading reading = reader.read(value);
        assertThat(reading).isInstanceOf(CommandReader.Unreadable.class);
        return ((CommandReader.Unreadable) reading).reason();
    }

    @Test
    void readsAJsonObject() {
        var reading = reader.read("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(reading).isInstanceOf(CommandReader.Readable.class);
    }

    @Test
    void saysWhyAValueIsNotACommand() {
        assertThat(reasonFor(null)).contains("empty");
        assertThat(reasonFor(new byte[0])).contains("empty");
        assertThat(reasonFor(new byte[]{(byte) 0xC3, (byte) 0x28})).contains("not valid UTF-8");
        assertThat(reasonFor("{\"a\":".getBytes(StandardCharsets.UTF_8))).contains("not valid JSON");
        assertThat(reasonFor("[1,2]".getBytes(StandardCharsets.UTF_8))).contains("not an object");
        assertThat(reasonFor("\"text\"".getBytes(StandardCharsets.UTF_8))).contains("not an object");
        assertThat(reasonFor("{\"amount\":1,\"amount\":1000}".getBytes(StandardCharsets.UTF_8)))
                .contains("Duplicate field 'amount'");
        byte[] huge = ("{\"a\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(reasonFor(huge)).contains("at most 65536");
    }
}
