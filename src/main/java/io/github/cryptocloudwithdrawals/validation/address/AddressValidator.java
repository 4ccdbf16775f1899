package io.github.cryptocloudwithdrawals.validation.address;

import io.github.cryptocloudwithdrawals.command.Network;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a payout address is well-formed for the network it will be paid on, before any
 * money moves: a mistyped address that reaches the chain loses the payment for good. Mainnet
 * forms only. Passing here proves the address is well-formed, not that anybody controls it.
 */
public final class AddressValidator {

    /** No supported address is longer than 90 characters (bech32); this leaves room and bounds the work. */
    private static final int MAX_LENGTH = 128;

    /** Base58Check version bytes of mainnet payment addresses. */
    private static final Set<Integer> BITCOIN_VERSIONS = Set.of(0x00, 0x05);
    /**
     * L (0x30), M (0x32) and Bitcoin's P2SH 0x05 ("3..."), which Litecoin still accepts. A Bitcoin
     * "3..." address is therefore also a well-formed Litecoin address: no check can tell them apart.
     */
    private static final Set<Integer> LITECOIN_VERSIONS = Set.of(0x30, 0x32, 0x05);
    private static final int TRON_VERSION = 0x41;

    private AddressValidator() {
    }

    private interface FamilyCheck {
        void check(String address) throws MalformedAddressException;
    }

    /** Empty when the address is well-formed for the network, else a one-sentence human message. */
    public static Optional<String> problem(Network network, String address) {
        Objects.requireNonNull(network, "network");
        // a switch expression: a new address family fails to compile instead of passing every address
        FamilyCheck familyCheck = switch (network.family()) {
            case BITCOIN -> a -> checkBitcoinLike(a, "bc", BITCOIN_VERSIONS);
            case LITECOIN -> a -> checkBitcoinLike(a, "ltc", LITECOIN_VERSIONS);
            case TRON -> AddressValidator::checkTron;
            case EVM -> EvmAddress::check;
            case SOLANA -> AddressValidator::checkSolana;
            case TON -> TonAddress::check;
        };
        try {
            checkCharacters(address);
            familyCheck.check(address);
            return Optional.empty();
        } catch (MalformedAddressException e) {
            String name = network.displayName();
            String article = "AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ";
            return Optional.of("not " + article + name + " address: " + e.getMessage());
        }
    }

    /**
     * Everything after this works on printable ASCII only, so the characters the decoders quote
     * back in their messages are safe to log or put in JSON.
     */
    private static void checkCharacters(String address) throws MalformedAddressException {
        if (address == null || address.isEmpty()) {
            throw new MalformedAddressException("no address given");
        }
        if (address.length() > MAX_LENGTH) {
            throw new MalformedAddressException("it is " + address.length() + " characters long, more than "
                    + MAX_LENGTH);
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            // isSpaceChar adds the no-break spaces that isWhitespace leaves out
            String kind = Character.isWhitespace(c) || Character.isSpaceChar(c) ? "whitespace"
                    : c < 0x20 || c == 0x7f ? "a control character"
                    : c > 0x7f ? "a non-ASCII character" : null;
            if (kind != null) {
                throw new MalformedAddressException("it contains " + kind + " at position " + (i + 1));
            }
        }
    }

    /** Bitcoin and Litecoin: a segwit address under the mainnet prefix, else Base58Check. */
    private static void checkBitcoinLike(String address, String hrp, Set<Integer> versions)
            throws MalformedAddressException {
        String lower = address.toLowerCase(Locale.ROOT);
        if (lower.startsWith(hrp + "1")) {
            int witnessVersion = Bech32.decodeSegwit(hrp, address).version();
            // BIP-350 encodes versions 2 to 16, but no consensus rule guards them yet: coins paid
            // there can be taken by anyone, so a payout to one is as good as lost.
            if (witnessVersion > 1) {
                throw new MalformedAddressException("witness version " + witnessVersion
                        + " has no spending rules yet, so anyone could take a payout sent there");
            }
            return;
        }
        byte[] payload;
        try {
            payload = Base58.decodeChecked(address, 25);
        } catch (MalformedAddressException notBase58) {
            // testnet (tb1, tltc1) or another chain's segwit address: say so rather than quoting a Base58
            // error. Bech32 is never mixed case; Base58 practically always is.
            boolean singleCase = address.equals(lower) || address.equals(address.toUpperCase(Locale.ROOT));
            if (singleCase && lower.matches("[a-z]{1,10}1[" + Bech32.CHARSET + "]{6,}")) {
                throw new MalformedAddressException("prefix '" + lower.substring(0, lower.indexOf('1') + 1)
                        + "' is not the mainnet prefix '" + hrp + "1'");
            }
            throw notBase58;
        }
        int version = payload[0] & 0xff;
        if (!versions.contains(version)) {
            throw new MalformedAddressException(String.format("version byte 0x%02X is not a mainnet version (%s)",
                    version, versionList(versions)));
        }
    }

    private static String versionList(Set<Integer> versions) {
        return versions.stream().sorted().map(v -> String.format("0x%02X", v))
                .reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    /** TRON: Base58Check of 0x41 followed by a 20-byte account, hence the leading T. */
    private static void checkTron(String address) throws MalformedAddressException {
        byte[] payload = Base58.decodeChecked(address, 25);
        if ((payload[0] & 0xff) != TRON_VERSION) {
            throw new MalformedAddressException(
                    String.format("version byte 0x%02X is not TRON's 0x41", payload[0] & 0xff));
        }
    }

    /**
     * Solana: the Base58 text of a 32-byte public key. There is no checksum, so a typo that still
     * decodes to 32 bytes names another valid account and cannot be detected. The key is not
     * required to be on the ed25519 curve: program-derived accounts are legitimately off it.
     */
    private static void checkSolana(String address) throws MalformedAddressException {
        byte[] key = Base58.decode(address);
        if (key.length != 32) {
            throw new MalformedAddressException("it decodes to " + key.length + " bytes, not 32");
        }
    }
}
