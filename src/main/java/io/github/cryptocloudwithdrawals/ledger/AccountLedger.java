package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.events.ResultEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What one account's submission stage asks of the ledger: its requests' histories, and the
 * records of its calls, written by the account's one writer ({@link LedgerScope} in the service).
 */
public interface AccountLedger {

    /**
     * Makes this instance the account's only writer, fencing the previous one, then reads
     * everything that writer recorded. Does nothing while this instance still holds the writer.
     */
    void claim();

    /**
     * Claims the writer again if a Kafka failure cost it, for recording the answer to a call this
     * instance made: only while this instance still holds the account's queue and the request is
     * still in flight.
     *
     * @throws LedgerWriterLostException when the queue is another's, or the request no longer in flight
     */
    void reclaimWhileInFlight(String requestId, BooleanSupplier stillHoldsQueue);

    /**
     * Goes on only while this instance holds the account's queue: after a Kafka failure, before it
     * writes again, with the writer it still has or one it would claim. Whether a failed
     * transaction costs the writer depends on the brokers (under transaction version 2 an abort
     * can leave it usable); the queue decides either way.
     *
     * @param stillHoldsQueue asks the group coordinator; throws when Kafka cannot tell now
     * @throws LedgerWriterLostException when the queue is another's
     */
    void requireQueue(String requestId, BooleanSupplier stillHoldsQueue);

    /** The request's latest record. */
    Optional<LedgerEntry> lookup(String requestId);

    /** A final result recorded for the request, read back. */
    RecordedResult result(String requestId, LedgerEntry entry);

    /**
     * The latest moment a call for the account may have reached the API, as recorded by other
     * processes (an instance before a takeover, this one before a restart).
     */
    Optional<Instant> othersLastCall();

    /** Records, and waits until Kafka committed, that a call is about to be sent. */
    void recordInFlight(String requestId, long fingerprint, Instant callStartedAt);

    /** Records that the last call was provably not executed, so it may be sent again. */
    void recordNotSent(String requestId, long fingerprint, Instant callStartedAt, Instant answeredAt);

    /**
     * Records the final result before it is published.
     *
     * @param lastCallStartedAt when the last call started, or {@code null} when none was made
     * @param answeredAt        when its answer came, or {@code null}
     * @param submission        which submission record this answers ("partition@offset")
     * @throws LedgerRecordRefusedException when Kafka refuses the record for good (too large)
     * @throws LedgerWriterLostException    when another instance holds the account now
     */
    void recordDone(String requestId, long fingerprint, Instant lastCallStartedAt, Instant answeredAt, ResultEvent event,
                    String submission);
}
