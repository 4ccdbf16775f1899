package io.github.cryptocloudwithdrawals.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * A command that passed validation: everything needed to pay it, plus the command exactly as
 * received so that result events can echo it.
 *
 * @param account  the CryptoCloud account to pay from, or {@code null} for the default account
 * @param metadata the caller's metadata object, or {@code null} when the command had none
 */
public record WithdrawalCommand(
        String requestId,
        String account,
        Currency currency,
        String toAddress,
        BigDecimal amount,
        ObjectNode metadata,
        ObjectNode received) {
}
