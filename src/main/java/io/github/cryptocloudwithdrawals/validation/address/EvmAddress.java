package io.github.cryptocloudwithdrawals.validation.address;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The 0x-prefixed 20-byte addresses shared by every EVM chain. Only mixed-case addresses carry
 * a checksum (EIP-55); an all-lower-case or all-upper-case one has none, so a typo in it cannot
 * be detected here.
 */
final class EvmAddress {

    private static final int HEX_DIGITS = 40;

    private EvmAddress() {
    }

    static void check(String text) throws MalformedAddressException {
        if (!text.startsWith("0x")) {
            throw new MalformedAddressException("it does not start with 0x");
        }
        String hex = text.substring(2);
        if (hex.length() != HEX_DIGITS) {
            throw new MalformedAddressException("it has " + hex.length() + " characters after 0x, not " + HEX_DIGITS);
        }
        boolean hasLower = false;
        boolean hasUpper = false;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (Character.digit(c, 16) < 0) {
                throw new MalformedAddressException("character '" + c + "' at position " + (i + 3)
                        + " is not a hexadecimal digit");
            }
            hasLower |= c >= 'a' && c <= 'f';
            hasUpper |= c >= 'A' && c <= 'F';
        }
        if (hasLower && hasUpper && !hex.equals(eip55Letters(hex))) {
            throw new MalformedAddressException("EIP-55 checksum does not match (mixed case)");
        }
    }

    /**
     * EIP-55: the i-th letter is upper case exactly when the i-th nibble of
     * Keccak-256(lower-case hex as ASCII) is 8 or more.
     */
    static String eip55Letters(String hex) {
        String lower = hex.toLowerCase(Locale.ROOT);
        byte[] hash = Keccak256.hash(lower.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            char c = lower.charAt(i);
            out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
