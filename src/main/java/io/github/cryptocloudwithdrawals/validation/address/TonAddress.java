package io.github.cryptocloudwithdrawals.validation.address;

import java.util.Base64;

/**
 * TON addresses in either documented form:
 * <ul>
 *   <li>user-friendly: 48 characters of base64 or base64url encoding 36 bytes = flag byte,
 *       workchain byte, 32-byte account id, CRC16-XMODEM of those 34 bytes (big-endian);</li>
 *   <li>raw: {@code 0:} or {@code -1:} followed by the account id in 64 hex digits. The raw form
 *       has no checksum at all, so a typo in it cannot be detected.</li>
 * </ul>
 */
final class TonAddress {

    private static final int USER_FRIENDLY_LENGTH = 48;
    private static final int BOUNCEABLE = 0x11;
    private static final int NON_BOUNCEABLE = 0x51;
    /** Set on addresses meant for the test network only; mainnet software must refuse them. */
    private static final int TEST_ONLY = 0x80;

    private TonAddress() {
    }

    static void check(String text) throws MalformedAddressException {
        if (text.startsWith("0:") || text.startsWith("-1:")) {
            checkRaw(text.substring(text.indexOf(':') + 1));
        } else {
            checkUserFriendly(text);
        }
    }

    private static void checkRaw(String accountHex) throws MalformedAddressException {
        if (accountHex.length() != 64) {
            throw new MalformedAddressException("its raw form has " + accountHex.length()
                    + " hex digits after the workchain, not 64");
        }
        for (int i = 0; i < accountHex.length(); i++) {
            if (Character.digit(accountHex.charAt(i), 16) < 0) {
                throw new MalformedAddressException("its raw form has a character '" + accountHex.charAt(i)
                        + "' that is not a hexadecimal digit");
            }
        }
    }

    private static void checkUserFriendly(String text) throws MalformedAddressException {
        if (text.length() != USER_FRIENDLY_LENGTH) {
            throw new MalformedAddressException("it is " + text.length() + " characters long, not the "
                    + USER_FRIENDLY_LENGTH + " of a user-friendly address (nor raw 0:... or -1:...)");
        }
        boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
        if (urlSafe && (text.indexOf('+') >= 0 || text.indexOf('/') >= 0)) {
            throw new MalformedAddressException("it mixes base64 (+ /) and base64url (- _) characters");
        }
        byte[] bytes;
        try {
            bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedAddressException("it is not valid base64");
        }
        if (bytes.length != 36) {
            // only possible with '=' padding inside the 48 characters
            throw new MalformedAddressException("it decodes to " + bytes.length + " bytes, not 36");
        }
        int flags = bytes[0] & 0xff;
        int expectedCrc = crc16Xmodem(bytes, 34);
        int actualCrc = ((bytes[34] & 0xff) << 8) | (bytes[35] & 0xff);
        if (expectedCrc != actualCrc) {
            throw new MalformedAddressException("CRC16 checksum does not match");
        }
        if ((flags & TEST_ONLY) != 0) {
            throw new MalformedAddressException("test-only address flag is set");
        }
        if (flags != BOUNCEABLE && flags != NON_BOUNCEABLE) {
            throw new MalformedAddressException(String.format("flag byte 0x%02X is neither bounceable (0x11) nor "
                    + "non-bounceable (0x51)", flags));
        }
        int workchain = bytes[1];
        if (workchain != 0 && workchain != -1) {
            throw new MalformedAddressException("workchain " + workchain + " is neither 0 nor -1");
        }
    }

    /** CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection, no final xor. */
    static int crc16Xmodem(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (data[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
