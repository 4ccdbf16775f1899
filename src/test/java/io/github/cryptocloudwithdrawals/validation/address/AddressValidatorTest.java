package io.github.cryptocloudwithdrawals.validation.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.command.Network;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

public class AddressValidatorTest {

    /** One valid mainnet address per family, each one also a published vector (see the nested tests). */
    public static final Map<Network.AddressFamily, String> VALID = Map.of(
            Network.AddressFamily.BITCOIN, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            Network.AddressFamily.LITECOIN, "ltc1q3m3ujh350qrqdl33pv7pjw0d0m9qnm6qjcjpga",
            Network.AddressFamily.TRON, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            Network.AddressFamily.EVM, "0xdAC17F958D2ee523a2206206994597C13D831ec7",
            Network.AddressFamily.SOLANA, "Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYu",
            Network.AddressFamily.TON, "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF");

    /**
     * The same addresses with one character mistyped. Solana has no checksum, so its typo must
     * leave the Base58 alphabet (a zero for an O) to be caught at all.
     */
    static final Map<Network.AddressFamily, String> ONE_TYPO = Map.of(
            Network.AddressFamily.BITCOIN, "1A1zP1eP5QGefi2DMPTfTL5SLnv7DivfNa",
            Network.AddressFamily.LITECOIN, "ltc1q3m3ujh350qrqdl33pv7pjw0d0m9qnm6qjcjqga",
            Network.AddressFamily.TRON, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj7t",
            Network.AddressFamily.EVM, "0xdAC17F958D2ee523a2206206994597C13D831eC7",
            Network.AddressFamily.SOLANA, "Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYu".replace('F', '0'),
            Network.AddressFamily.TON, "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHG");

    private static void assertValid(Network network, String address) {
        assertThat(AddressValidator.problem(network, address)).as("%s on %s", address, network).isEmpty();
    }

    private static void assertProblem(Network network, String address, String expectedMessage) {
        assertThat(AddressValidator.problem(network, address)).as("%s on %s", address, network)
                .hasValue(expectedMessage);
    }

    private static void assertRejected(Network network, String address) {
        assertThat(AddressValidator.problem(network, address)).as("%s on %s", address, network).isPresent();
    }

    @Nested
    class Bitcoin {

        @ParameterizedTest
        @ValueSource(strings = {
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",            // genesis block coinbase
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",            // P2SH example of the Bitcoin wiki
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",    // P2WPKH example of the Bitcoin wiki
            "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", // BIP-173 mainnet P2WSH example
            // BIP-350 valid segwit vectors with the bc prefix
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        })
        void acceptsMainnetAddresses(String address) {
            assertValid(Network.BITCOIN, address);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            // BIP-173 invalid segwit vectors
            "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
            "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
            "bc1rw5uspcuh",
            "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
            "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
            "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
            "bc1gmk9yu",
            // BIP-350 invalid segwit vectors
            "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
            "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
            "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
            "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
            "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
            "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
            "bc1pw5dgrnzv",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
            "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
            "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
            // valid testnet vectors of both BIPs: right checksum, wrong network
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
            "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
        })
        void rejectsBipInvalidVectorsAndTestnet(String address) {
            assertRejected(Network.BITCOIN, address);
        }

        /** Valid under BIP-173, but v1+ must use bech32m since BIP-350: old wallets' v1 addresses. */
        @ParameterizedTest
        @ValueSource(strings = {
            "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
            "BC1SW50QA3JX3S",
            "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",
        })
        void rejectsBip173OnlyVersion1PlusAddresses(String address) {
            assertRejected(Network.BITCOIN, address);
        }

        @Test
        void messagesSayWhatIsWrong() {
            assertProblem(Network.BITCOIN, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
                    "not a Bitcoin address: bech32 checksum does not match");
            assertProblem(Network.BITCOIN, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
                    "not a Bitcoin address: witness v0 needs a bech32 checksum, but this has a bech32m one");
            assertProblem(Network.BITCOIN, "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                    "not a Bitcoin address: bech32 must be all lower case or all upper case, not mixed");
            assertProblem(Network.BITCOIN, "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
                    "not a Bitcoin address: prefix 'tb1' is not the mainnet prefix 'bc1'");
            assertProblem(Network.BITCOIN, "1A1zP1eP5QGefi2DMPTfTL5SLnv7DivfNa",
                    "not a Bitcoin address: Base58Check checksum does not match");
            assertProblem(Network.BITCOIN, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0",
                    "not a Bitcoin address: character '0' at position 34 is not in the Base58 alphabet"
                            + " (Base58 leaves out 0, O, I and l)");
            assertProblem(Network.BITCOIN, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f1t4",
                    "not a Bitcoin address: character '1' at position 40 is not in the bech32 alphabet");
        }

        /** BIP-350 valid vectors of witness versions 2 to 16: well-formed, but unsafe to pay to. */
        @ParameterizedTest
        @ValueSource(strings = {"BC1SW50QGDZ25J", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs"})
        void rejectsWitnessVersionsWithoutSpendingRules(String address) {
            assertThat(AddressValidator.problem(Network.BITCOIN, address)).hasValueSatisfying(message ->
                    assertThat(message).startsWith("not a Bitcoin address: witness version ")
                            .endsWith("has no spending rules yet, so anyone could take a payout sent there"));
        }

        /** BIP-350 calls a v1 program of 40 bytes valid; we refuse it on purpose (see Bech32.decodeSegwit). */
        @Test
        void rejectsVersion1ProgramsThatAreNotTaproot() {
            assertProblem(Network.BITCOIN,
                    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
                    "not a Bitcoin address: witness v1 (taproot) program is 40 bytes, not 32");
        }

        /** Well-formed testnet Base58Check addresses (m..., 2...): only the version byte is wrong. */
        @ParameterizedTest
        @CsvSource({
            "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn, 0x6F",
            "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc, 0xC4",
        })
        void rejectsTestnetBase58Versions(String address, String version) {
            assertProblem(Network.BITCOIN, address,
                    "not a Bitcoin address: version byte " + version + " is not a mainnet version (0x00, 0x05)");
        }
    }

    @Nested
    class Litecoin {

        @ParameterizedTest
        @ValueSource(strings = {
            // Trust Wallet Core's Litecoin tests (addresses derived from known keys)
            "LV7LV7Z4bWDEjYkfx9dQo6k6RjGbXsg6hS",
            "M8eTgzhoFTErAjkGa6cyBomcHfxAprbDgD",
            "ltc1qytnqzjknvv03jwfgrsmzt0ycmwqgl0asjnaxwu",
            "LW6HjAU6GL9fK2LZWUA6VZCzomTdrpx3nr",
            "ltc1q3m3ujh350qrqdl33pv7pjw0d0m9qnm6qjcjpga",
            // BIP-173's P2WPKH program and a taproot output, under the ltc prefix
            "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9",
            "ltc1paardr2nczq0rx5rqpfwnvpzm497zvux64y0f7wjgcs7xuuuh2nnqd8yawa",
            // 0x05 P2SH: the same string is a Bitcoin address too
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        })
        void acceptsMainnetAddresses(String address) {
            assertValid(Network.LITECOIN, address);
        }

        @Test
        void messagesSayWhatIsWrong() {
            assertProblem(Network.LITECOIN, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                    "not a Litecoin address: version byte 0x00 is not a mainnet version (0x05, 0x30, 0x32)");
            assertProblem(Network.LITECOIN, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                    "not a Litecoin address: prefix 'bc1' is not the mainnet prefix 'ltc1'");
            assertProblem(Network.LITECOIN, "ltc1q3m3ujh350qrqdl33pv7pjw0d0m9qnm6qjcjqga",
                    "not a Litecoin address: bech32 checksum does not match");
        }
    }

    @Nested
    class Tron {

        @ParameterizedTest
        @ValueSource(strings = {
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", // USDT (TRC-20) contract
            "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", // 0x41 followed by 20 zero bytes, TRON's burn address
        })
        void acceptsMainnetAddresses(String address) {
            assertValid(Network.TRON, address);
        }

        @Test
        void rejectsTheApiDocumentationSampleWhoseChecksumIsWrong() {
            assertProblem(Network.TRON, "TT2T11KZhoDu48i2p4FWxfG79zdkEWkU9N",
                    "not a TRON address: Base58Check checksum does not match");
        }

        @Test
        void rejectsOtherVersionsAndLengths() {
            assertProblem(Network.TRON, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                    "not a TRON address: version byte 0x00 is not TRON's 0x41");
            assertProblem(Network.TRON, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj",
                    "not a TRON address: it decodes to 24 bytes, not the 25 of a Base58Check address");
            // one character short can still be 25 bytes: then the checksum catches it
            assertProblem(Network.TRON, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6",
                    "not a TRON address: Base58Check checksum does not match");
        }
    }

    @Nested
    class Evm {

        /** The test vectors of EIP-55 (github.com/ethereum/EIPs, EIPS/eip-55.md). */
        static Stream<String> eip55Vectors() {
            return Stream.of(
                    // all caps
                    "0x52908400098527886E0F7030069857D2E4169EE7",
                    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
                    // all lower
                    "0xde709f2102306220921060314715629080e2fb77",
                    "0x27b1fdb04752bbc536007a920d24acb045561c26",
                    // normal
                    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
                    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb");
        }

        static Stream<Arguments> eip55VectorsOnEveryEvmNetwork() {
            return eip55Vectors().flatMap(address -> Arrays.stream(Network.values())
                    .filter(n -> n.family() == Network.AddressFamily.EVM)
                    .map(n -> Arguments.of(n, address)));
        }

        @ParameterizedTest
        @MethodSource("eip55VectorsOnEveryEvmNetwork")
        void acceptsEip55Vectors(Network network, String address) {
            assertValid(network, address);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        })
        void computesTheEip55CaseOfTheNormalVectors(String address) {
            assertThat("0x" + EvmAddress.eip55Letters(address.substring(2).toLowerCase())).isEqualTo(address);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "0xdAC17F958D2ee523a2206206994597C13D831ec7", // USDT
            "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", // USDC
            "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", // WETH
        })
        void acceptsWellKnownContracts(String address) {
            assertValid(Network.ETHEREUM, address);
        }

        @Test
        void messagesSayWhatIsWrong() {
            assertProblem(Network.ETHEREUM, "0xdAC17F958D2ee523a2206206994597C13D831eC7",
                    "not an Ethereum address: EIP-55 checksum does not match (mixed case)");
            assertProblem(Network.BSC, "0XdAC17F958D2ee523a2206206994597C13D831ec7",
                    "not a BNB Smart Chain address: it does not start with 0x");
            assertProblem(Network.ARBITRUM, "0xdAC17F958D2ee523a2206206994597C13D831ec",
                    "not an Arbitrum address: it has 39 characters after 0x, not 40");
            assertProblem(Network.OPTIMISM, "0xdAC17F958D2ee523a2206206994597C13D831ecg",
                    "not an Optimism address: character 'g' at position 42 is not a hexadecimal digit");
        }
    }

    @Nested
    class Solana {

        @ParameterizedTest
        @ValueSource(strings = {
            "Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYu", // USDT mint
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", // USDC mint
            "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",  // SPL Token program
            "11111111111111111111111111111111",             // System program: 32 zero bytes
        })
        void acceptsWellKnownAccounts(String address) {
            assertValid(Network.SOLANA, address);
        }

        /**
         * No checksum: 44 and 43 character strings both span 32-byte keys, so even a dropped
         * character can name another well-formed account. Only the length and alphabet are checked.
         */
        @Test
        void cannotDetectADroppedCharacter() {
            assertValid(Network.SOLANA, "Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiY");
        }

        @Test
        void messagesSayWhatIsWrong() {
            assertProblem(Network.SOLANA, "Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8ui",
                    "not a Solana address: it decodes to 31 bytes, not 32");
            assertProblem(Network.SOLANA, "Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYI",
                    "not a Solana address: character 'I' at position 44 is not in the Base58 alphabet"
                            + " (Base58 leaves out 0, O, I and l)");
        }
    }

    @Nested
    class Ton {

        /** The TON documentation's example account (docs.ton.org, "Smart contract addresses"). */
        @ParameterizedTest
        @ValueSource(strings = {
            "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF", // bounceable, base64url
            "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff+W72r5gqPrHF", // bounceable, standard base64
            "UQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPuwA", // non-bounceable
            "0:ca6e321c7cce9ecedf0a8ca2492ec8592494aa5fb5ce0387dff96ef6af982a3e", // raw
            "-1:fcb91a3a3816d0f7b8c2c76108b8a9bc5a6b7a55bd79f8ab101c52db29232260", // raw, masterchain
            "EQCxE6mUtQJKFnGfaROTKOt1lZbDiiX1kCixRv7Nw2Id_sDs", // USDT jetton master
            "Ef8zMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM0vF", // elector, masterchain
        })
        void acceptsMainnetAddresses(String address) {
            assertValid(Network.TON, address);
        }

        /** The same documented account flagged test-only: the checksum is right, the network is not. */
        @ParameterizedTest
        @ValueSource(strings = {
            "kQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPgpP",
            "0QDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPleK",
        })
        void rejectsTestOnlyAddresses(String address) {
            assertProblem(Network.TON, address, "not a TON address: test-only address flag is set");
        }

        @Test
        void crcIsXmodem() {
            // the catalogued check value of CRC-16/XMODEM
            assertThat(TonAddress.crc16Xmodem("123456789".getBytes(StandardCharsets.US_ASCII), 9)).isEqualTo(0x31C3);
        }

        /** Builds a user-friendly address with a correct CRC, to reach the checks behind it. */
        private static String userFriendly(int flags, int workchain) {
            byte[] bytes = new byte[36];
            bytes[0] = (byte) flags;
            bytes[1] = (byte) workchain;
            Arrays.fill(bytes, 2, 34, (byte) 0xab);
            int crc = TonAddress.crc16Xmodem(bytes, 34);
            bytes[34] = (byte) (crc >> 8);
            bytes[35] = (byte) crc;
            return Base64.getUrlEncoder().encodeToString(bytes);
        }

        @Test
        void checksTheFlagAndWorkchainBytes() {
            assertValid(Network.TON, userFriendly(0x11, 0));
            assertValid(Network.TON, userFriendly(0x51, -1));
            assertProblem(Network.TON, userFriendly(0x91, 0), "not a TON address: test-only address flag is set");
            assertProblem(Network.TON, userFriendly(0x12, 0),
                    "not a TON address: flag byte 0x12 is neither bounceable (0x11) nor non-bounceable (0x51)");
            assertProblem(Network.TON, userFriendly(0x11, 5), "not a TON address: workchain 5 is neither 0 nor -1");
        }

        @Test
        void messagesSayWhatIsWrong() {
            assertProblem(Network.TON, "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHG",
                    "not a TON address: CRC16 checksum does not match");
            assertProblem(Network.TON, "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff+W72r5gqPr_F",
                    "not a TON address: it mixes base64 (+ /) and base64url (- _) characters");
            assertProblem(Network.TON, "0:ca6e321c7cce9ecedf0a8ca2492ec8592494aa5fb5ce0387dff96ef6af982a3",
                    "not a TON address: its raw form has 63 hex digits after the workchain, not 64");
            assertProblem(Network.TON, "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrH",
                    "not a TON address: it is 47 characters long, not the 48 of a user-friendly address"
                            + " (nor raw 0:... or -1:...)");
        }
    }

    @Nested
    class AnyNetwork {

        @ParameterizedTest
        @EnumSource(Network.class)
        void rejectsMissingAddresses(Network network) {
            assertThat(AddressValidator.problem(network, null)).get().asString().endsWith(": no address given");
            assertThat(AddressValidator.problem(network, "")).get().asString().endsWith(": no address given");
        }

        @Test
        void rejectsWhitespaceInsteadOfTrimmingIt() {
            assertProblem(Network.BITCOIN, " 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                    "not a Bitcoin address: it contains whitespace at position 1");
            assertProblem(Network.TRON, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\n",
                    "not a TRON address: it contains whitespace at position 35");
            assertProblem(Network.TON, "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff\u00a0W72r5gqPrHF",
                    "not a TON address: it contains whitespace at position 37");
        }

        @Test
        void rejectsControlAndNonAsciiCharacters() {
            assertProblem(Network.ETHEREUM, "0xdAC17F958D2ee523a2206206994597C13D831ec7\u0000",
                    "not an Ethereum address: it contains a control character at position 43");
            // a Cyrillic 'а' that looks exactly like the Latin one
            assertProblem(Network.BITCOIN, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN\u0430",
                    "not a Bitcoin address: it contains a non-ASCII character at position 34");
            assertProblem(Network.SOLANA, "\u202eEs9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYu",
                    "not a Solana address: it contains a non-ASCII character at position 1");
        }

        @Test
        void rejectsHugeInputWithoutEchoingIt() {
            String huge = "T".repeat(100_000);

            assertProblem(Network.TRON, huge, "not a TRON address: it is 100000 characters long, more than 128");
        }

        /** Messages go into JSON events: no control characters, bounded, never the whole input. */
        @ParameterizedTest
        @EnumSource(Network.class)
        void messagesAreShortPrintableAsciiSentences(Network network) {
            List<String> inputs = List.of("x", "\u0001\u0002", "é", "1".repeat(128), "1".repeat(129),
                    "bc1" + "q".repeat(125), "0:" + "z".repeat(64), "\"\\'<>{}".repeat(10),
                    ONE_TYPO.get(network.family()));
            for (String input : inputs) {
                String message = AddressValidator.problem(network, input).orElseThrow();

                assertThat(message).as("for %s", input)
                        .startsWith("not a").contains(network.displayName() + " address: ")
                        .matches("[\\x20-\\x7e]{1,200}");
                if (input.length() > 10) {
                    assertThat(message).doesNotContain(input);
                }
            }
        }
    }

    /** Every family's address is refused on every network of another family. */
    @Nested
    class CrossNetwork {

        static final Map<String, Network.AddressFamily> SAMPLES = Map.ofEntries(
                Map.entry("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", Network.AddressFamily.BITCOIN),
                Map.entry("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", Network.AddressFamily.BITCOIN),
                Map.entry("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
                        Network.AddressFamily.BITCOIN),
                Map.entry("LV7LV7Z4bWDEjYkfx9dQo6k6RjGbXsg6hS", Network.AddressFamily.LITECOIN),
                Map.entry("M8eTgzhoFTErAjkGa6cyBomcHfxAprbDgD", Network.AddressFamily.LITECOIN),
                Map.entry("ltc1q3m3ujh350qrqdl33pv7pjw0d0m9qnm6qjcjpga", Network.AddressFamily.LITECOIN),
                Map.entry("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", Network.AddressFamily.TRON),
                Map.entry("0xdAC17F958D2ee523a2206206994597C13D831ec7", Network.AddressFamily.EVM),
                Map.entry("0xdac17f958d2ee523a2206206994597c13d831ec7", Network.AddressFamily.EVM),
                Map.entry("Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYu", Network.AddressFamily.SOLANA),
                Map.entry("11111111111111111111111111111111", Network.AddressFamily.SOLANA),
                Map.entry("EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF", Network.AddressFamily.TON),
                Map.entry("0:ca6e321c7cce9ecedf0a8ca2492ec8592494aa5fb5ce0387dff96ef6af982a3e",
                        Network.AddressFamily.TON));

        static Stream<Arguments> addressesOnForeignNetworks() {
            return SAMPLES.entrySet().stream().flatMap(sample -> Arrays.stream(Network.values())
                    .filter(n -> n.family() != sample.getValue())
                    .map(n -> Arguments.of(sample.getKey(), sample.getValue(), n)));
        }

        @ParameterizedTest(name = "{1} address {0} on {2}")
        @MethodSource("addressesOnForeignNetworks")
        void rejectsAddressesOfOtherFamilies(String address, Network.AddressFamily home, Network network) {
            assertRejected(network, address);
        }

        @Test
        void samplesAreValidOnEveryNetworkOfTheirOwnFamily() {
            SAMPLES.forEach((address, home) -> Arrays.stream(Network.values()).filter(n -> n.family() == home)
                    .forEach(n -> assertValid(n, address)));
        }

        /** Bitcoin's P2SH version 0x05 is also a Litecoin version: such an address passes as both. */
        @Test
        void aBitcoinP2shAddressIsAlsoAWellFormedLitecoinAddress() {
            assertValid(Network.BITCOIN, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy");
            assertValid(Network.LITECOIN, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy");
        }
    }

    @Nested
    class EveryCurrency {

        @Test
        void everyFamilyHasSamples() {
            assertThat(VALID.keySet()).containsExactlyInAnyOrder(Network.AddressFamily.values());
            assertThat(ONE_TYPO.keySet()).containsExactlyInAnyOrder(Network.AddressFamily.values());
        }

        @ParameterizedTest
        @EnumSource(Currency.class)
        void acceptsAValidAddressOfItsNetwork(Currency currency) {
            assertValid(currency.network(), VALID.get(currency.network().family()));
        }

        @ParameterizedTest
        @EnumSource(Currency.class)
        void rejectsTheSameAddressWithOneTypo(Currency currency) {
            assertThat(AddressValidator.problem(currency.network(), ONE_TYPO.get(currency.network().family())))
                    .get().asString().startsWith("not a").contains(currency.network().displayName());
        }
    }
}
