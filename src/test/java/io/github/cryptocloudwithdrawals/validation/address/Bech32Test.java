package io.github.cryptocloudwithdrawals.validation.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cryptocloudwithdrawals.validation.address.Bech32.Encoding;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checksum test vectors of BIP-173 (Bech32) and BIP-350 (Bech32m), section "Test vectors",
 * from github.com/bitcoin/bips. They use arbitrary prefixes, so they exercise {@link Bech32#decode}
 * directly; the segwit address vectors are in {@link AddressValidatorTest}.
 */
class Bech32Test {

    @ParameterizedTest
    @ValueSource(strings = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    })
    void bip173ValidBech32(String text) throws Exception {
        assertThat(Bech32.decode(text).encoding()).isEqualTo(Encoding.BECH32);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "A1LQFN3A",
        "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
        "?1v759aa",
    })
    void bip350ValidBech32m(String text) throws Exception {
        assertThat(Bech32.decode(text).encoding()).isEqualTo(Encoding.BECH32M);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // BIP-173
        "\u00201nwldj5", "\u007f1axkwrx", "\u00801eym55h",
        "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
        "pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3", "de1lg7wt\u00ff", "A1G7SGD8", "10a06t8", "1qzzfhee",
        // BIP-350
        "\u00201xj0phk", "\u007f1g6xzxy", "\u00801vctc34",
        "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
        "qyrz8wqd2c9m", "1qyrz8wqd2c9m", "y1b0jsk6g", "lt1igcx5c0", "in1muywd", "mm1crxm3i", "au1s5cgom",
        "M1VUXWEZ", "16plkw9", "1p2gdwpf",
    })
    void bip173AndBip350InvalidStrings(String text) {
        assertThatThrownBy(() -> Bech32.decode(text)).isInstanceOf(MalformedAddressException.class);
    }

    /** BIP-350's valid segwit vectors with a mainnet or testnet prefix, and their scriptPubKey. */
    @ParameterizedTest
    @CsvSource({
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4, bc, 0014751e76e8199196d454941c45d1b3a323f1433bd6",
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7, tb, 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
        "BC1SW50QGDZ25J, bc, 6002751e",
        "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs, bc, 5210751e76e8199196d454941c45d1b3a323",
        "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy, tb, 0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c, tb, 5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0, bc, 512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    })
    void bip350ValidSegwitAddressesDecodeToTheirScript(String address, String hrp, String scriptPubKeyHex)
            throws Exception {
        Bech32.WitnessProgram witness = Bech32.decodeSegwit(hrp, address);

        byte[] script = HexFormat.of().parseHex(scriptPubKeyHex);
        int opcode = script[0] & 0xff;
        assertThat(witness.version()).isEqualTo(opcode == 0 ? 0 : opcode - 0x50);
        assertThat(HexFormat.of().formatHex(witness.program())).isEqualTo(scriptPubKeyHex.substring(4));
    }
}
