package io.github.cryptocloudwithdrawals.ledger;

/**
 * Kafka refused one ledger record for good (it is larger than the topic accepts, or invalid):
 * writing the same record again can never succeed. Nothing of it was recorded; the writer is
 * still this instance's, so a smaller record can be.
 */
public final class LedgerRecordRefusedException extends IllegalStateException {

    public LedgerRecordRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
