package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.history.RequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * One account's part of the {@link Ledger}: its request ids (scoped by the account, so two
 * accounts may use the same id), the start of its last call, and its writer.
 *
 * <p>The writer is a transactional producer whose id names the ledger and the account. Only the
 * instance whose submission stage holds the account's queue {@linkplain #claim() claims} it, and
 * claiming fences whoever wrote before: an instance that was taken over (paused past its session
 * timeout, cut off from the group) can record nothing more, so it starts no call. Used by the
 * account's submission thread only; nothing here waits for another account.
 */
public final class LedgerScope implements AccountLedger {

    private final Ledger ledger;
    private final LedgerClients clients;
    private final String account;
    private KafkaProducer<String, String> writer;
    /** This account's reads at the ledger's end; created on first use. */
    private TailReads reads;

    LedgerScope(Ledger ledger, LedgerClients clients, String account) {
        this.ledger = ledger;
        this.clients = clients;
        this.account = account;
    }

    /**
     * Makes this instance the account's only ledger writer, fencing the previous one, then reads
     * everything that writer recorded. Called before every submission; does nothing while this
     * instance still holds the writer.
     *
     * <p>Fencing: the writer's transactional id names the ledger and the account, so every
     * instance that serves the account uses the same one. Initialising it bumps the id's epoch at
     * the transaction coordinator, which completes or aborts the previous holder's last
     * transaction and refuses every later write of the previous holder (ProducerFencedException):
     * an instance that was taken over (paused past its session timeout, cut off from the group)
     * can record, and so start, no further call. Then the ledger is read up to its high watermark
     * ({@link Ledger#readEverythingWritten}): the previous holder's last records are settled by now,
     * so this reads all it recorded, an in_flight record included, before the first decision.
     */
    @Override
    public synchronized void claim() {
        if (writer != null) {
            return;
        }
        KafkaProducer<String, String> claimed = clients.writer(transactionalId());
        try {
            // completes or aborts the previous writer's last transaction and fences it for good
            claimed.initTransactions();
            ledger.readEverythingWritten(reads());
        } catch (RuntimeException e) {
            claimed.close(Duration.ZERO);
            throw e;
        }
        writer = claimed;
    }

    /**
     * Claims the writer again if a Kafka failure cost it, for recording the answer to a call this
     * instance made. Only while this instance still holds the account's queue: claiming fences
     * whoever writes for the account, and an instance that took the queue over meanwhile must not
     * lose its writer to one that no longer serves the account. And only while the request is
     * still in flight: if another instance has decided it meanwhile (reported it
     * {@code outcome_unknown} after taking the account over), this one must record nothing.
     *
     * @param stillHoldsQueue asks the group coordinator; throws when Kafka cannot tell now
     * @throws LedgerWriterLostException when the queue is another's, or the request no longer in flight
     */
    @Override
    public synchronized void reclaimWhileInFlight(String requestId, BooleanSupplier stillHoldsQueue) {
        if (writer != null) {
            return;
        }
        requireQueue(requestId, stillHoldsQueue);
        claim();
        Optional<LedgerEntry> latest = lookup(requestId);
        if (latest.isEmpty() || latest.get().state() != RequestState.IN_FLIGHT) {
            throw new LedgerWriterLostException("another instance decided " + requestId + " while this one could not "
                    + "reach Kafka (latest: " + latest.map(LedgerEntry::state).orElse(null) + ")", null);
        }
    }

    @Override
    public void requireQueue(String requestId, BooleanSupplier stillHoldsQueue) {
        if (!stillHoldsQueue.getAsBoolean()) {
            throw new LedgerWriterLostException("this instance no longer holds the queue of account " + label()
                    + ": it does not take the ledger writer back, which would fence the instance that holds it now ("
                    + requestId + " was not recorded)", null);
        }
    }

    @Override
    public Optional<LedgerEntry> lookup(String requestId) {
        return ledger.lookup(reads(), key(requestId));
    }

    @Override
    public Optional<Instant> othersLastCall() {
        return ledger.othersLastCall(account);
    }

    @Override
    public void recordInFlight(String requestId, long fingerprint, Instant callStartedAt) {
        write(requestId, RequestState.IN_FLIGHT, fingerprint, callStartedAt, null,
                LedgerRecords.stateOnly(RequestState.IN_FLIGHT));
    }

    @Override
    public void recordNotSent(String requestId, long fingerprint, Instant callStartedAt, Instant answeredAt) {
        write(requestId, RequestState.NOT_SENT, fingerprint, callStartedAt, answeredAt,
                LedgerRecords.stateOnly(RequestState.NOT_SENT));
    }

    @Override
    public void recordDone(String requestId, long fingerprint, Instant lastCallStartedAt, Instant answeredAt,
                           ResultEvent event, String submission) {
        String value = LedgerRecords.result(event, submission);
        RequestState state = event.retryable() ? RequestState.DONE_RETRYABLE
                : event.outcomeUnknown() ? RequestState.DONE_UNKNOWN : RequestState.DONE;
        long offset = write(requestId, state, fingerprint, lastCallStartedAt, answeredAt, value);
        ledger.results().written(offset, requestId, value);
    }

    @Override
    public RecordedResult result(String requestId, LedgerEntry entry) {
        return ledger.results().at(reads(), key(requestId), requestId, entry);
    }

    private synchronized TailReads reads() {
        if (reads == null) {
            reads = clients.accountReads();
        }
        return reads;
    }

    synchronized void close() {
        if (writer != null) {
            writer.close(Duration.ofSeconds(5));
            writer = null;
        }
        if (reads != null) {
            reads.close();
            reads = null;
        }
    }

    /** @return the record's offset */
    private synchronized long write(String requestId, RequestState state, long fingerprint, Instant callStartedAt,
                                    Instant answeredAt, String value) {
        if (writer == null) {
            throw new IllegalStateException("the ledger of account " + label() + " is not claimed by this instance");
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(ledger.topic(), 0, key(requestId), value);
        LedgerRecords.write(new LedgerRecords.Facts(state, fingerprint, millis(callStartedAt), millis(answeredAt), account,
                LedgerRecords.THIS_INSTANCE, ledger.stamp().commandsTopic()), record.headers());
        RecordMetadata written;
        Future<RecordMetadata> sent = null;
        try {
            writer.beginTransaction();
            sent = writer.send(record);
            writer.commitTransaction();
            written = sent.get();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            lose();
            throw new LedgerWriterLostException("another instance took over account " + label()
                    + ": this one records nothing more for it (" + requestId + " was not recorded)", e);
        } catch (OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
            lose();
            throw new LedgerWriterLostException("the ledger writer of account " + label() + " failed for good: "
                    + e.getMessage() + " (" + requestId + " was not recorded)", e);
        } catch (KafkaException e) {
            Optional<Throwable> refusal = refusal(e, sent);
            abort();
            if (refusal.isPresent()) {
                throw new LedgerRecordRefusedException("the ledger " + ledger.topic() + " refused the record of "
                        + requestId + " for good: " + refusal.get().getMessage(), e);
            }
            throw new IllegalStateException("could not record " + requestId + " in the ledger: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new IllegalStateException("interrupted while recording " + requestId + " in the ledger", e);
        } catch (ExecutionException e) {
            // the transaction committed, so its one record was written: this cannot happen
            abort();
            throw new IllegalStateException("could not record " + requestId + " in the ledger", e.getCause());
        }
        ledger.written(account, key(requestId), state, fingerprint, written.offset());
        return written.offset();
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /**
     * Why Kafka refused this record for good, if it did: the failure is the record's own (too
     * large for the topic or the client, invalid), so the same record can never be written,
     * while everything else (brokers away, timeouts, leader moves) may pass.
     */
    private static Optional<Throwable> refusal(KafkaException failure, Future<RecordMetadata> sent) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        if (sent != null && sent.isDone()) {
            try {
                sent.get();
            } catch (ExecutionException e) {
                causes.add(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return causes.stream().filter(cause -> cause instanceof RecordTooLargeException
                || cause instanceof RecordBatchTooLargeException || cause instanceof InvalidRecordException).findFirst();
    }

    /**
     * Aborts a failed transaction; a writer that cannot even abort is dropped and claimed again
     * later. After a commit that timed out, Kafka refuses the abort (and every other step) with an
     * IllegalStateException until that commit is retried: the commit may still complete, and the
     * next claim settles it either way (completes or aborts it) before the ledger is read again.
     */
    private void abort() {
        try {
            writer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            lose();
        }
    }

    private void lose() {
        writer.close(Duration.ZERO);
        writer = null;
    }

    private String key(String requestId) {
        return LedgerRecords.key(account, requestId);
    }

    private String transactionalId() {
        return "cryptocloud-withdrawals:" + ledger.topic() + ":" + label();
    }

    private String label() {
        return PayoutAccount.label(account);
    }

}
