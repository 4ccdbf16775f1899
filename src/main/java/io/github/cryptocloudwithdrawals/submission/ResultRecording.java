package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.ledger.LedgerRecordRefusedException;
import io.github.cryptocloudwithdrawals.ledger.LedgerScope;
import io.github.cryptocloudwithdrawals.ledger.LedgerWriterLostException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one account's final results in the ledger, before they are published. The API's
 * answer is known only here: if Kafka cannot take it now, keep trying rather than let the
 * request be found in flight later and reported as an unknown outcome. Should the service stop
 * first, or the account's queue pass to another instance, the answer is in the log for
 * reconciliation. A record Kafka refuses for good (too large) is not tried again: the command
 * ends {@code outcome_unknown}, with the answer logged.
 */
final class ResultRecording {

    private static final Logger LOG = LoggerFactory.getLogger(ResultRecording.class);

    private final LedgerScope ledger;
    private final ResultEvents events;
    private final FaultBackoff backoff;

    ResultRecording(LedgerScope ledger, ResultEvents events, FaultBackoff backoff) {
        this.ledger = ledger;
        this.events = events;
        this.backoff = backoff;
    }

    /**
     * Records the attempt's result, trying again while Kafka cannot take it.
     *
     * @param submission      which submission record the result answers ("partition@offset")
     * @param stillHoldsQueue asks the group coordinator whether this instance still holds the queue
     * @param stopping        whether the service is stopping: a failed write is not tried again then
     * @return the result to publish: the attempt's, or {@code outcome_unknown} when the ledger
     *         refused to record the answer for good
     * @throws LedgerWriterLostException when another instance holds the account now
     */
    ResultEvent record(PayoutAttempt attempt, String submission, BooleanSupplier stillHoldsQueue, BooleanSupplier stopping) {
        WithdrawalCommand command = attempt.command();
        ResultEvent result = attempt.result();
        boolean answerRefused = false;
        for (int failures = 1; ; failures++) {
            try {
                if (failures > 1) {
                    // Kafka failed the last try: the queue may have passed to another instance meanwhile
                    ledger.requireQueue(command.requestId(), stillHoldsQueue);
                }
                // a Kafka failure may have cost the writer: take it back, unless this instance lost the
                // account's queue or another instance decided the request meanwhile
                ledger.reclaimWhileInFlight(command.requestId(), stillHoldsQueue);
                ledger.recordDone(command.requestId(), attempt.fingerprint(), attempt.lastCallAt(), attempt.lastAnswerAt(),
                        result, submission);
                return result;
            } catch (LedgerRecordRefusedException e) {
                if (answerRefused) {
                    // the request stays in flight in the ledger: every later duplicate gets outcome_unknown too
                    LOG.error("request_id={} not even its outcome_unknown result could be recorded ({}); it is published "
                            + "unrecorded", command.requestId(), e.getMessage());
                    return result;
                }
                // Writing the same record again can never succeed, and a call must not be made
                // again either: the in_flight record stays the latest until a smaller one says more.
                LOG.error("request_id={} the API's answer cannot be recorded ({}); the command ends outcome_unknown. "
                        + "The answer: {}", command.requestId(), e.getMessage(), result.body());
                result = events.failed(command.requestId(), Failure.of(ErrorType.OUTCOME_UNKNOWN, "CryptoCloud answered, "
                        + "but its answer could not be recorded in the request ledger (" + e.getMessage() + "); the "
                        + "answer is in the service's log under this request_id: the withdrawal may have been created"),
                        command.received());
                answerRefused = true;
            } catch (LedgerWriterLostException e) {
                // another instance holds the account now and has answered the command (outcome_unknown)
                LOG.error("request_id={} the API's answer cannot be recorded: {}. The answer: {}", command.requestId(),
                        e.getMessage(), result.body());
                throw e;
            } catch (RuntimeException e) {
                LOG.error("request_id={} the ledger cannot record the API's answer ({}); retrying. The answer: {}",
                        command.requestId(), e.getMessage(), result.body());
                if (stopping.getAsBoolean()) {
                    throw e;
                }
                sleep(backoff.delayMillis(failures));
            }
        }
    }

    /**
     * Records the {@code outcome_unknown} of a request found in flight: the process that made its
     * call stopped between sending it and recording its answer.
     */
    void recordInFlightAtAStop(String requestId, long fingerprint, ResultEvent unknown, String submission) {
        try {
            ledger.recordDone(requestId, fingerprint, null, null, unknown, submission);
        } catch (LedgerRecordRefusedException e) {
            // still in flight in the ledger, so every later duplicate gets outcome_unknown too
            LOG.error("request_id={} its outcome_unknown result could not be recorded ({}); it is published unrecorded",
                    requestId, e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to record a result", e);
        }
    }
}
