package io.github.cryptocloudwithdrawals.validation.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Keccak256Test {

    /** Widely published Keccak-256 vectors (the values Ethereum tooling agrees on). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''| c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        "abc| 4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
        "The quick brown fox jumps over the lazy dog| 4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15",
    })
    void matchesPublishedVectors(String input, String expectedHex) {
        byte[] hash = Keccak256.hash(input.getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(hash)).isEqualTo(expectedHex);
    }

    @Test
    void isNotTheJdkSha3() throws Exception {
        byte[] sha3 = MessageDigest.getInstance("SHA3-256").digest(new byte[0]);

        assertThat(Keccak256.hash(new byte[0])).isNotEqualTo(sha3);
    }

    /**
     * SHA3-256 is the same sponge with padding byte 0x06, so the JDK checks the permutation,
     * multi-block absorption and padding on every length across three rate boundaries (136, 272, 408).
     */
    @Test
    void spongeAgreesWithJdkSha3OnEveryLengthUpTo420Bytes() throws Exception {
        MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
        for (int length = 0; length <= 420; length++) {
            byte[] input = new byte[length];
            for (int i = 0; i < length; i++) {
                input[i] = (byte) (i * 31 + length);
            }

            assertThat(Keccak256.sponge(input, (byte) 0x06)).as("length %d", length).isEqualTo(sha3.digest(input));
        }
    }
}
