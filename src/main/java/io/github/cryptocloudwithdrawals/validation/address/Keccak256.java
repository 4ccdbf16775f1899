package io.github.cryptocloudwithdrawals.validation.address;

/**
 * Keccak-256 as Ethereum uses it (EIP-55 checksums). This is the original Keccak submission,
 * not FIPS 202 SHA3-256: the two share the permutation and differ only in the padding byte
 * (0x01 here, 0x06 in SHA-3), so the JDK's "SHA3-256" gives different hashes.
 */
final class Keccak256 {

    /** Bytes absorbed per permutation: 1600-bit state minus the 512-bit capacity. */
    private static final int RATE = 136;
    private static final byte KECCAK_PADDING = 0x01;

    private static final long[] ROUND_CONSTANTS = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };
    /** Rotation offsets of the rho step, indexed by lane x + 5y. */
    private static final int[] ROTATIONS = {
        0, 1, 62, 28, 27,
        36, 44, 6, 55, 20,
        3, 10, 43, 25, 39,
        41, 45, 15, 21, 8,
        18, 2, 61, 56, 14,
    };

    private Keccak256() {
    }

    static byte[] hash(byte[] input) {
        return sponge(input, KECCAK_PADDING);
    }

    /**
     * The sponge with a 256-bit output. The padding byte is a parameter only so that tests can
     * check the permutation against the JDK's SHA3-256 (padding 0x06) on inputs of any length.
     */
    static byte[] sponge(byte[] input, byte padding) {
        int paddedLength = (input.length / RATE + 1) * RATE;
        byte[] padded = new byte[paddedLength];
        System.arraycopy(input, 0, padded, 0, input.length);
        padded[input.length] ^= padding;
        padded[paddedLength - 1] ^= (byte) 0x80;

        long[] state = new long[25];
        for (int block = 0; block < paddedLength; block += RATE) {
            for (int lane = 0; lane < RATE / 8; lane++) {
                state[lane] ^= littleEndianLong(padded, block + lane * 8);
            }
            permute(state);
        }
        byte[] out = new byte[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (state[i / 8] >>> (8 * (i % 8)));
        }
        return out;
    }

    private static long littleEndianLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    /** Keccak-f[1600]: 24 rounds of theta, rho, pi, chi and iota over 5x5 lanes a[x + 5y]. */
    private static void permute(long[] a) {
        long[] c = new long[5];
        long[] b = new long[25];
        for (long roundConstant : ROUND_CONSTANTS) {
            for (int x = 0; x < 5; x++) {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }
            for (int x = 0; x < 5; x++) {
                long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5) {
                    a[x + y] ^= d;
                }
            }
            for (int x = 0; x < 5; x++) {
                for (int y = 0; y < 5; y++) {
                    // pi moves lane (x, y) to (y, 2x + 3y)
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = Long.rotateLeft(a[x + 5 * y], ROTATIONS[x + 5 * y]);
                }
            }
            for (int y = 0; y < 25; y += 5) {
                for (int x = 0; x < 5; x++) {
                    a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
                }
            }
            a[0] ^= roundConstant;
        }
    }
}
