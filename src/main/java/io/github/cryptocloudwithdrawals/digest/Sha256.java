package io.github.cryptocloudwithdrawals.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 for the hashes taken per command (address checksums, withdrawal fingerprints, ledger
 * keys): one digest per thread, since looking the algorithm up anew costs more than hashing a
 * short input.
 */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    });

    private Sha256() {
    }

    public static byte[] of(byte[] data) {
        // digest() resets the instance for its thread's next use
        return DIGEST.get().digest(data);
    }

    public static byte[] of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }
}
