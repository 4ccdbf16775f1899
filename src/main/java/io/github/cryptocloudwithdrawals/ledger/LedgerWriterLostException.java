package io.github.cryptocloudwithdrawals.ledger;

/**
 * This instance can no longer write an account's ledger, typically because another instance took
 * the account over. Nothing more may be recorded, or called, for the account from here.
 */
public final class LedgerWriterLostException extends IllegalStateException {

    public LedgerWriterLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
