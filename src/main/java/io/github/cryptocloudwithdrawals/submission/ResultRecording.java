package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.ledger.AccountLedger;
import io.github.cryptocloudwithdrawals.ledger.LedgerRecordRefusedException;
import io.github.cryptocloudwithdrawals.ledger.LedgerWriterLostException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one account's final results in the ledger, before they are published. The API's
 * answer is known only here: if Kafka cannot take it now, keep trying rather than let the
 * request be found in flight later and reported as an unknown outcome. Should the service stop
 * first, or the account's queue pass to another instance, the answer is in the log for
 * reconciliation. A record Kafka refuses for good (too large) is not tried again: the command
 * ends {@code outcome_unknown}, with the answer logged ({@link PayoutDecision#onRefusedRecord}).
 */
final class ResultRecording {

    private static final Logger LOG = LoggerFactory.getLogger(ResultRecording.class);

    private final AccountLedger ledger;
    private final ResultEvents events;
    private final FaultBackoff backoff;
    private final StopSignal stop;

    ResultRecording(AccountLedger ledger, ResultEvents events, FaultBackoff backoff, StopSignal stop) {
        this.ledger = ledger;
        this.events = events;
        this.backoff = backoff;
        this.stop = stop;
    }

    /**
     * Records the attempt's result, trying again while Kafka cannot take it.
     *
     * @param submission      which submission record the result answers ("partition@offset")
     * @param stillHoldsQueue asks the group coordinator whether this instance still holds the queue
     * @return the result to publish: the attempt's, or {@code outcome_unknown} when the ledger
     *         refused to record the answer for good
     * @throws LedgerWriterLostException when another instance holds the account now
     * @throws IllegalStateException     when the write failed and the service is stopping: it is not tried again then
     */
    ResultEvent record(PayoutAttempt attempt, String submission, BooleanSupplier stillHoldsQueue) {
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
                if (PayoutDecision.onRefusedRecord(answerRefused) == PayoutDecision.OnRefusedRecord.PUBLISH_UNRECORDED) {
                    LOG.error("request_id={} not even its outcome_unknown result could be recorded ({}); it is published "
                            + "unrecorded", command.requestId(), e.getMessage());
                    return result;
                }
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
                if (!stop.waitFor(TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis(failures)))) {
                    throw e;
                }
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
}
