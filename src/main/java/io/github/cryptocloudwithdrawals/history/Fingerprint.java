package io.github.cryptocloudwithdrawals.history;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Whether two commands under one request id are the same withdrawal: same currency, address and
 * amount value ({@code 10.5} is {@code "10.50"}); the metadata does not count. Kept in the ledger
 * with every record of the request, so a later command is compared with the first one.
 */
public final class Fingerprint {

    /** The intake fingerprints many commands a second: one digest per thread, not one lookup each. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private Fingerprint() {
    }

    public static long of(String currencyCode, String toAddress, BigDecimal amount) {
        String withdrawal = currencyCode + "\n" + toAddress + "\n" + amount.stripTrailingZeros().toPlainString();
        // digest() resets the instance for its thread's next use
        return ByteBuffer.wrap(SHA_256.get().digest(withdrawal.getBytes(StandardCharsets.UTF_8))).getLong();
    }
}
