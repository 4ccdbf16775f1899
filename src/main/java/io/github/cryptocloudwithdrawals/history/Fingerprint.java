package io.github.cryptocloudwithdrawals.history;

import io.github.cryptocloudwithdrawals.digest.Sha256;
import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * Whether two commands under one request id are the same withdrawal: same currency, address and
 * amount value ({@code 10.5} is {@code "10.50"}); the metadata does not count. Kept in the ledger
 * with every record of the request, so a later command is compared with the first one.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static long of(String currencyCode, String toAddress, BigDecimal amount) {
        String withdrawal = currencyCode + "\n" + toAddress + "\n" + amount.stripTrailingZeros().toPlainString();
        return ByteBuffer.wrap(Sha256.of(withdrawal)).getLong();
    }
}
