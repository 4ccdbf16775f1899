package io.github.cryptocloudwithdrawals.validation.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.command.Network;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every single-character substitution (within the encoding's alphabet) and every swap of two
 * adjacent, different characters of a valid address, checked against the validator. Where the
 * format has no checksum the accepted count is not zero, and is pinned here so that the limit is
 * written down rather than discovered: the counts are exhaustive and deterministic.
 */
class TypoDetectionTest {

    private static final String BASE58 = Base58.ALPHABET;
    /** The bech32 data characters, plus the separator and the letters of the bc and ltc prefixes. */
    private static final String BECH32 = Bech32.CHARSET + "1b";
    private static final String HEX = "0123456789abcdefABCDEF";
    private static final String LOWER_HEX = "0123456789abcdef";
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    static Stream<Arguments> samples() {
        return Stream.of(
                // Base58Check: a typo passes with probability 2^-32; none of these does
                Arguments.of(Network.BITCOIN, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", BASE58, 0, 0),
                Arguments.of(Network.BITCOIN, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", BASE58, 0, 0),
                Arguments.of(Network.LITECOIN, "LV7LV7Z4bWDEjYkfx9dQo6k6RjGbXsg6hS", BASE58, 0, 0),
                Arguments.of(Network.TRON, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", BASE58, 0, 0),
                // bech32/bech32m: up to 4 substituted characters are always detected (BIP-173, BIP-350)
                Arguments.of(Network.BITCOIN, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", BECH32, 0, 0),
                Arguments.of(Network.BITCOIN, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
                        BECH32, 0, 0),
                Arguments.of(Network.LITECOIN, "ltc1q3m3ujh350qrqdl33pv7pjw0d0m9qnm6qjcjpga", BECH32, 0, 0),
                // EIP-55 mixed case: about 15 check bits, a random typo passes 0.0247% of the time (EIP-55);
                // none of these 5298 substitutions does
                Arguments.of(Network.ETHEREUM, "0xdAC17F958D2ee523a2206206994597C13D831ec7", HEX, 0, 0),
                Arguments.of(Network.ETHEREUM, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", HEX, 0, 0),
                Arguments.of(Network.ETHEREUM, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", HEX, 0, 0),
                Arguments.of(Network.ETHEREUM, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", HEX, 0, 0),
                Arguments.of(Network.ETHEREUM, "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", HEX, 0, 0),
                Arguments.of(Network.ETHEREUM, "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", HEX, 0, 0),
                // all lower case has no checksum: all 600 lower-case substitutions of the 40 digits (40 x 15)
                // pass, none of the 240 upper-case ones (they make it mixed case), nor any in "0x"; 36 of 38
                // swaps pass, all but the two that move the x
                Arguments.of(Network.ETHEREUM, "0xdac17f958d2ee523a2206206994597c13d831ec7", HEX, 600, 36),
                // Solana has no checksum: 2466 of 2508 substitutions (98.3%) and 42 of 43 swaps still decode
                // to 32 bytes, i.e. to another well-formed account; only those that change the length are caught
                Arguments.of(Network.SOLANA, "Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYu", BASE58, 2466, 42),
                // TON user-friendly: CRC16 detects every error burst of up to 16 bits, so every 6-bit
                // substitution and 12-bit swap
                Arguments.of(Network.TON, "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF", BASE64URL, 0, 0),
                Arguments.of(Network.TON, "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff+W72r5gqPrHF", BASE64, 0, 0),
                // TON raw form has no checksum: every one of the 960 hex substitutions (64 x 15) passes,
                // and 60 of 62 swaps, all but the two that move the colon
                Arguments.of(Network.TON, "0:ca6e321c7cce9ecedf0a8ca2492ec8592494aa5fb5ce0387dff96ef6af982a3e",
                        LOWER_HEX, 960, 60));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void everySingleTypoIsCaughtUnlessTheFormatCannotCatchIt(Network network, String valid, String alphabet,
            int expectedAcceptedSubstitutions, int expectedAcceptedTranspositions) {
        assertThat(AddressValidator.problem(network, valid)).isEmpty();

        int substitutions = 0;
        int acceptedSubstitutions = 0;
        for (int i = 0; i < valid.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != valid.charAt(i)) {
                    substitutions++;
                    String typo = valid.substring(0, i) + c + valid.substring(i + 1);
                    acceptedSubstitutions += AddressValidator.problem(network, typo).isEmpty() ? 1 : 0;
                }
            }
        }
        int transpositions = 0;
        int acceptedTranspositions = 0;
        for (int i = 0; i + 1 < valid.length(); i++) {
            if (valid.charAt(i) != valid.charAt(i + 1)) {
                transpositions++;
                String typo = valid.substring(0, i) + valid.charAt(i + 1) + valid.charAt(i) + valid.substring(i + 2);
                acceptedTranspositions += AddressValidator.problem(network, typo).isEmpty() ? 1 : 0;
            }
        }
        System.out.printf("%s %s: accepted %d of %d substitutions, %d of %d transpositions%n",
                network, valid, acceptedSubstitutions, substitutions, acceptedTranspositions, transpositions);

        assertThat(acceptedSubstitutions).as("accepted substitutions").isEqualTo(expectedAcceptedSubstitutions);
        assertThat(acceptedTranspositions).as("accepted transpositions").isEqualTo(expectedAcceptedTranspositions);
    }
}
