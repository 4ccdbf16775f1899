package io.github.cryptocloudwithdrawals.validation.address;

import io.github.cryptocloudwithdrawals.digest.Sha256;
import java.math.BigInteger;
import java.util.Arrays;

/** Base58 with the Bitcoin alphabet, as used by Bitcoin, Litecoin, TRON and Solana addresses. */
final class Base58 {

    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int CHECKSUM_LENGTH = 4;

    private Base58() {
    }

    /**
     * Each leading '1' is a zero byte; the rest is a big-endian number. Every byte string has
     * exactly one encoding, so a decoded length check is exact.
     */
    static byte[] decode(String text) throws MalformedAddressException {
        BigInteger value = BigInteger.ZERO;
        int leadingZeros = 0;
        boolean inLeadingOnes = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw new MalformedAddressException("character '" + c + "' at position " + (i + 1)
                        + " is not in the Base58 alphabet" + (c == '0' || c == 'O' || c == 'I' || c == 'l'
                                ? " (Base58 leaves out 0, O, I and l)" : ""));
            }
            if (inLeadingOnes && digit == 0) {
                leadingZeros++;
            } else {
                inLeadingOnes = false;
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.toByteArray();
        // toByteArray is two's complement: drop its sign byte (and the lone zero of value 0)
        int signBytes = magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[leadingZeros + magnitude.length - signBytes];
        System.arraycopy(magnitude, signBytes, out, leadingZeros, magnitude.length - signBytes);
        return out;
    }

    /**
     * Base58Check: the payload followed by the first 4 bytes of its double SHA-256.
     *
     * @param expectedLength decoded length including the checksum, checked before the checksum
     *     so that a wrong-length string gets the more useful message
     * @return the payload without its checksum
     */
    static byte[] decodeChecked(String text, int expectedLength) throws MalformedAddressException {
        byte[] decoded = decode(text);
        if (decoded.length != expectedLength) {
            throw new MalformedAddressException("it decodes to " + decoded.length + " bytes, not the "
                    + expectedLength + " of a Base58Check address");
        }
        byte[] payload = Arrays.copyOf(decoded, decoded.length - CHECKSUM_LENGTH);
        byte[] hash = Sha256.of(Sha256.of(payload));
        if (!Arrays.equals(hash, 0, CHECKSUM_LENGTH, decoded, payload.length, decoded.length)) {
            throw new MalformedAddressException("Base58Check checksum does not match");
        }
        return payload;
    }
}
