package io.github.cryptocloudwithdrawals.validation.address;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** Bech32 (BIP-173) and Bech32m (BIP-350) strings, and the segwit addresses built on them. */
final class Bech32 {

    static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int BECH32_CONSTANT = 1;
    private static final int BECH32M_CONSTANT = 0x2bc830a3;
    private static final int MAX_LENGTH = 90;
    private static final int CHECKSUM_LENGTH = 6;
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    enum Encoding { BECH32, BECH32M }

    /** A checksummed string: its lower-case human-readable part and its 5-bit data values. */
    record Decoded(String hrp, int[] data, Encoding encoding) {
    }

    /** A native segwit output: witness version 0..16 and its 2..40 byte program. */
    record WitnessProgram(int version, byte[] program) {
    }

    private Bech32() {
    }

    /** Decodes any Bech32 or Bech32m string (BIP-173 "Decoding" rules), checksum included. */
    static Decoded decode(String text) throws MalformedAddressException {
        if (text.length() > MAX_LENGTH) {
            throw new MalformedAddressException("bech32 string is longer than " + MAX_LENGTH + " characters");
        }
        boolean hasLower = false;
        boolean hasUpper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw new MalformedAddressException("character at position " + (i + 1) + " is not printable ASCII");
            }
            hasLower |= c >= 'a' && c <= 'z';
            hasUpper |= c >= 'A' && c <= 'Z';
        }
        if (hasLower && hasUpper) {
            throw new MalformedAddressException("bech32 must be all lower case or all upper case, not mixed");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int separator = lower.lastIndexOf('1');
        if (separator < 1) {
            throw new MalformedAddressException("bech32 prefix (before the last '1') is missing");
        }
        if (lower.length() - separator - 1 < CHECKSUM_LENGTH) {
            throw new MalformedAddressException("bech32 data is shorter than its 6-character checksum");
        }
        String hrp = lower.substring(0, separator);
        int[] values = new int[lower.length() - separator - 1];
        for (int i = 0; i < values.length; i++) {
            int position = separator + 1 + i;
            values[i] = CHARSET.indexOf(lower.charAt(position));
            if (values[i] < 0) {
                throw new MalformedAddressException("character '" + text.charAt(position) + "' at position "
                        + (position + 1) + " is not in the bech32 alphabet");
            }
        }
        int residue = polymod(hrp, values);
        Encoding encoding;
        if (residue == BECH32_CONSTANT) {
            encoding = Encoding.BECH32;
        } else if (residue == BECH32M_CONSTANT) {
            encoding = Encoding.BECH32M;
        } else {
            throw new MalformedAddressException("bech32 checksum does not match");
        }
        int[] data = new int[values.length - CHECKSUM_LENGTH];
        System.arraycopy(values, 0, data, 0, data.length);
        return new Decoded(hrp, data, encoding);
    }

    /**
     * Decodes a segwit address for the given human-readable part (BIP-173 and BIP-350 rules).
     * Version 1 programs must be 32 bytes (taproot): BIP-350 lets other v1 lengths through, but no
     * wallet creates them and, as BIP-341 leaves them undefined, anyone can spend what is paid to
     * them. Versions 2 to 16 are accepted as BIP-350 asks of senders, for forward compatibility,
     * although today outputs to them are unencumbered too: refusing them would be the stricter choice.
     */
    static WitnessProgram decodeSegwit(String expectedHrp, String text) throws MalformedAddressException {
        String lower = text.toLowerCase(Locale.ROOT);
        int strayOne = lower.indexOf('1', expectedHrp.length() + 1);
        if (lower.startsWith(expectedHrp + "1") && strayOne >= 0) {
            // decode() would take the last '1' as the separator and complain about the prefix instead
            throw new MalformedAddressException("character '1' at position " + (strayOne + 1)
                    + " is not in the bech32 alphabet");
        }
        Decoded decoded = decode(text);
        if (!decoded.hrp().equals(expectedHrp)) {
            throw new MalformedAddressException("prefix '" + abbreviate(decoded.hrp())
                    + "1' is not the mainnet prefix '" + expectedHrp + "1'");
        }
        int[] data = decoded.data();
        if (data.length == 0) {
            throw new MalformedAddressException("bech32 data has no witness version");
        }
        int version = data[0];
        if (version > 16) {
            throw new MalformedAddressException("witness version " + version + " does not exist (0 to 16)");
        }
        byte[] program = fiveToEightBits(data);
        if (program.length < 2 || program.length > 40) {
            throw new MalformedAddressException("witness program is " + program.length + " bytes, not 2 to 40");
        }
        if (version == 0 && program.length != 20 && program.length != 32) {
            throw new MalformedAddressException("witness v0 program is " + program.length + " bytes, not 20 or 32");
        }
        if (version == 1 && program.length != 32) {
            throw new MalformedAddressException("witness v1 (taproot) program is " + program.length + " bytes, not 32");
        }
        Encoding required = version == 0 ? Encoding.BECH32 : Encoding.BECH32M;
        if (decoded.encoding() != required) {
            throw new MalformedAddressException("witness v" + version + " needs a " + checksumName(required)
                    + " checksum, but this has a " + checksumName(decoded.encoding()) + " one");
        }
        return new WitnessProgram(version, program);
    }

    private static String checksumName(Encoding encoding) {
        return encoding == Encoding.BECH32 ? "bech32" : "bech32m";
    }

    /** Keeps a foreign prefix readable in a message; the prefix could be up to 83 characters. */
    private static String abbreviate(String hrp) {
        return hrp.length() <= 10 ? hrp : hrp.substring(0, 10) + "...";
    }

    /** The witness program: data after the version byte, regrouped from 5-bit to 8-bit values. */
    private static byte[] fiveToEightBits(int[] data) throws MalformedAddressException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int accumulator = 0;
        int bits = 0;
        for (int i = 1; i < data.length; i++) {
            accumulator = (accumulator << 5) | data[i];
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write(accumulator >>> bits);
                accumulator &= (1 << bits) - 1;
            }
        }
        // an encoder pads with fewer than 8 zero bits (BIP-173: at most 4), so anything else is corrupt
        if (bits > 4 || accumulator != 0) {
            throw new MalformedAddressException("witness program has invalid padding bits");
        }
        return out.toByteArray();
    }

    private static int polymod(String hrp, int[] values) {
        int checksum = 1;
        for (int i = 0; i < hrp.length(); i++) {
            checksum = polymodStep(checksum, hrp.charAt(i) >> 5);
        }
        checksum = polymodStep(checksum, 0);
        for (int i = 0; i < hrp.length(); i++) {
            checksum = polymodStep(checksum, hrp.charAt(i) & 31);
        }
        for (int value : values) {
            checksum = polymodStep(checksum, value);
        }
        return checksum;
    }

    private static int polymodStep(int checksum, int value) {
        int top = checksum >>> 25;
        checksum = ((checksum & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) {
                checksum ^= GENERATOR[i];
            }
        }
        return checksum;
    }
}
