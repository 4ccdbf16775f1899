package io.github.cryptocloudwithdrawals.cryptocloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.CommandIntake;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.ledger.Ledger;
import io.github.cryptocloudwithdrawals.ledger.LedgerEntry;
import io.github.cryptocloudwithdrawals.ledger.LedgerScope;
import io.github.cryptocloudwithdrawals.ledger.LedgerState;
import io.github.cryptocloudwithdrawals.ledger.LedgerWriterLostException;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's submission stage, one method per route step: it turns an accepted command into
 * payout calls and their answers into exactly one result event. Rate-limit answers are retried
 * (each retry goes through the throttle again, because the route loops back to it); answers
 * that prove the call was not executed hold the command with a capped exponential backoff; an
 * answer that does not prove the outcome is never retried.
 */
public final class PayoutSubmission {

    static final String ATTEMPT = "payoutAttempt";
    /** How soon a wait notices a stop. */
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Logger LOG = LoggerFactory.getLogger(PayoutSubmission.class);

    private final PayoutAccount account;
    private final CommandIntake intake;
    private final LedgerScope ledger;
    private final ResultEvents events;
    private final RateGate rateGate;
    private final Clock clock;
    private final int rateLimitRetries;
    private final FaultBackoff backoff;
    private final ApiAvailability availability;
    private final WithdrawalMetrics metrics;

    public PayoutSubmission(PayoutAccount account, CommandIntake intake, LedgerScope ledger, ResultEvents events,
                            RateGate rateGate, Clock clock, int rateLimitRetries, FaultBackoff backoff,
                            ApiAvailability availability, WithdrawalMetrics metrics) {
        this.account = account;
        this.intake = intake;
        this.ledger = ledger;
        this.events = events;
        this.rateGate = rateGate;
        this.clock = clock;
        this.rateLimitRetries = rateLimitRetries;
        this.backoff = backoff;
        this.availability = availability;
        this.metrics = metrics;
    }

    /**
     * Route step: reads the accepted command back (the intake stage passed it on unchanged) and
     * looks its request id up in the ledger. Only a request id the ledger does not know, or whose
     * last call provably paid nothing, leads to a call. Holding the account's queue, this
     * instance first claims the account's ledger, which fences any instance that held it before.
     */
    public void start(Exchange exchange) {
        ledger.claim();
        CommandIntake.Checked checked = intake.check(exchange.getMessage().getBody(byte[].class));
        if (checked instanceof CommandIntake.Refused refused) {
            exchange.setProperty(ATTEMPT, new PayoutAttempt(refused.failure()));
            return;
        }
        WithdrawalCommand command = ((CommandIntake.Accepted) checked).command();
        long fingerprint = Ledger.fingerprint(command.currency().code(), command.toAddress(), command.amount());
        Optional<LedgerEntry> known = ledger.lookup(command.requestId());
        exchange.setProperty(ATTEMPT, known.isEmpty() || known.get().state() == LedgerState.NOT_SENT
                || (known.get().state() == LedgerState.DONE_RETRYABLE && known.get().fingerprint() == fingerprint)
                ? new PayoutAttempt(command, fingerprint)
                : new PayoutAttempt(knownResult(exchange, command, fingerprint, known.get())));
    }

    private ResultEvent knownResult(Exchange exchange, WithdrawalCommand command, long fingerprint, LedgerEntry known) {
        if (known.fingerprint() != fingerprint) {
            return failed(command, Failure.of(ErrorType.CONFLICT, "request_id " + command.requestId()
                    + " was used before for a different withdrawal (currency_code, to_address or amount differ)"));
        }
        if (known.state() == LedgerState.IN_FLIGHT) {
            // The process stopped between sending the call and recording its answer.
            ResultEvent unknown = failed(command, Failure.of(ErrorType.OUTCOME_UNKNOWN, "a call for this request was "
                    + "in flight when the service stopped; the withdrawal may or may not have been created"));
            ledger.recordDone(command.requestId(), fingerprint, null, null, unknown, submission(exchange));
            return unknown;
        }
        Ledger.RecordedResult recorded = ledger.result(command.requestId(), known);
        // the same submission read again after a crash: publish its result as it was decided
        return submission(exchange).equals(recorded.submission()) ? recorded.event() : events.replay(recorded.event());
    }

    /** Loop condition: true while the command still needs a call. */
    public boolean awaitingAnswer(Exchange exchange) {
        return attempt(exchange).awaitingAnswer();
    }

    /**
     * Route step before the throttle: holds the command after calls that were not executed
     * (backoff), then waits for its turn by the rate gate, so that the throttle behind lets it
     * through at once. A stop ends either wait: the command stays queued.
     */
    public void awaitTurn(Exchange exchange) {
        PayoutAttempt attempt = attempt(exchange);
        awaitUnlessStopping(exchange, TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis(attempt.notExecutedInARow())));
        attempt.stepStarting();
        ledger.othersLastCall().ifPresent(last -> rateGate.observe(last, clock.instant()));
        awaitUnlessStopping(exchange, rateGate.nanosUntilTurn());
    }

    /**
     * Route step right before the HTTP call: records the call as in flight, waits for the rate
     * gate, then builds the request.
     */
    public void prepareCall(Exchange exchange) {
        leaveQueuedIfStopping(exchange);
        PayoutAttempt attempt = attempt(exchange);
        WithdrawalCommand command = attempt.command();
        // The ledger write comes before the gate: its latency varies, and between the gate and
        // the send it would delay this call's arrival and shorten the gap to the next one.
        ledger.recordInFlight(command.requestId(), attempt.fingerprint(),
                clock.instant().plusNanos(rateGate.nanosUntilTurn()));
        rateGate.awaitTurn();
        metrics.throttleWait(account.label(), attempt.nanosSinceStepStarted());
        attempt.callStarting(clock.instant());
        attempt.stepStarting();
        Message message = exchange.getMessage();
        message.setBody(requestBody(attempt.command()));
        message.setHeader("Authorization", account.credentials().authorizationHeader());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** Route step after an HTTP answer (any status). */
    public void answered(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        apply(exchange, ApiAnswers.fromResponse(status, message.getBody(String.class)));
    }

    /** Route step after the HTTP call failed without an answer. */
    public void notAnswered(Exchange exchange) {
        apply(exchange, ApiAnswers.fromSendFailure(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));
    }

    /** Route step: the message becomes the command's result event. */
    public void finish(Exchange exchange) {
        events.writeTo(exchange, attempt(exchange).result());
    }

    private void apply(Exchange exchange, ApiAnswer answer) {
        rateGate.answered();
        PayoutAttempt attempt = attempt(exchange);
        attempt.answered(clock.instant());
        metrics.apiCall(account.label(), answer.name(), attempt.nanosSinceStepStarted());
        WithdrawalCommand command = attempt.command();
        decide(attempt, answer);
        if (answer instanceof ApiAnswer.NotExecuted notExecuted) {
            availability.unavailable(notExecuted.reason());
        } else {
            availability.available();
        }
        if (attempt.awaitingAnswer()) {
            ledger.recordNotSent(command.requestId(), attempt.fingerprint(), attempt.lastCallAt(), attempt.lastAnswerAt());
        } else {
            recordResult(exchange, attempt);
        }
    }

    /**
     * The API's answer is known only here: if Kafka cannot take it now, keep trying rather than
     * let the request be found in flight later and reported as an unknown outcome. Should the
     * service stop first, the answer is in the log line below for reconciliation.
     */
    private void recordResult(Exchange exchange, PayoutAttempt attempt) {
        WithdrawalCommand command = attempt.command();
        for (int failures = 1; ; failures++) {
            try {
                // a Kafka failure may have cost the writer: take it back unless another instance decided meanwhile
                ledger.reclaimWhileInFlight(command.requestId());
                ledger.recordDone(command.requestId(), attempt.fingerprint(), attempt.lastCallAt(), attempt.lastAnswerAt(),
                        attempt.result(), submission(exchange));
                return;
            } catch (LedgerWriterLostException e) {
                // another instance holds the account now and has answered the command (outcome_unknown)
                LOG.error("request_id={} the API's answer cannot be recorded: {}. The answer: {}", command.requestId(),
                        e.getMessage(), attempt.result().body());
                throw e;
            } catch (RuntimeException e) {
                LOG.error("request_id={} the ledger cannot record the API's answer ({}); retrying. The answer: {}",
                        command.requestId(), e.getMessage(), attempt.result().body());
                if (exchange.getContext().isStopping()) {
                    throw e;
                }
                sleep(backoff.delayMillis(failures));
            }
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

    private void decide(PayoutAttempt attempt, ApiAnswer answer) {
        WithdrawalCommand command = attempt.command();
        if (answer instanceof ApiAnswer.Created created) {
            attempt.finish(events.succeeded(command, created.invoiceId(), created.status(),
                    created.result(), attempt.firstCallAt()));
        } else if (answer instanceof ApiAnswer.Rejected rejected) {
            attempt.finish(failed(command, rejected.failure()));
        } else if (answer instanceof ApiAnswer.RateLimited limited) {
            int answers = attempt.rateLimited();
            if (answers > rateLimitRetries) {
                attempt.finish(failed(command, limited.failure(answers)));
            } else {
                LOG.warn("request_id={} rate-limited by CryptoCloud (answer {} of at most {}); retrying after the interval",
                        command.requestId(), answers, rateLimitRetries + 1);
            }
        } else if (answer instanceof ApiAnswer.NotExecuted notExecuted) {
            int inARow = attempt.notExecuted();
            if (notExecuted.httpStatus() != null) {
                account.credentials().reload();
            }
            // the next call waits for the backoff and for the rate interval, whichever ends later
            long backoffMillis = backoff.delayMillis(inARow);
            long turnMillis = TimeUnit.NANOSECONDS.toMillis(rateGate.nanosUntilTurn());
            LOG.warn("request_id={} held: {} (attempt {}); calling again in {} ms ({})", command.requestId(),
                    notExecuted.reason(), inARow, Math.max(backoffMillis, turnMillis),
                    turnMillis > backoffMillis ? "the rate interval" : "backoff");
        } else {
            attempt.finish(failed(command, ((ApiAnswer.Unknown) answer).failure()));
        }
    }

    private ResultEvent failed(WithdrawalCommand command, Failure failure) {
        return events.failed(command.requestId(), failure, command.received());
    }

    /**
     * The request body: exactly the three documented fields, the amount as a JSON number of the
     * command's exact value in plain notation (no float rounding, no exponent).
     */
    static String requestBody(WithdrawalCommand command) {
        ObjectNode body = JsonMapping.MAPPER.createObjectNode();
        body.put("currency_code", command.currency().code());
        body.put("to_address", command.toAddress());
        body.put("amount", command.amount().stripTrailingZeros());
        try {
            return JsonMapping.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a payout request body could not be serialized", e);
        }
    }

    /**
     * Waits, but no longer than the service runs. Camel's graceful stop waits for the exchanges in
     * progress, and a command waiting for its turn would hold the stop for up to the interval.
     */
    private void awaitUnlessStopping(Exchange exchange, long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; ; left = deadline - System.nanoTime()) {
            leaveQueuedIfStopping(exchange);
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, STOP_CHECK_NANOS));
        }
    }

    /**
     * A stop lets the call in flight finish, but starts no new one: the command leaves unfinished,
     * its offset uncommitted, and the next start (or another instance) picks it up.
     */
    private void leaveQueuedIfStopping(Exchange exchange) {
        if (exchange.getContext().isStopping()) {
            Message message = exchange.getMessage();
            String requestId = attempt(exchange).command().requestId();
            LOG.info("request_id={} stays queued on {} with the commands behind it: the service is stopping before its "
                    + "call; it is paid after the restart, or by another instance", requestId,
                    message.getHeader(KafkaConstants.TOPIC, String.class));
            throw new CommandStaysQueued(requestId);
        }
    }

    /** Which submission record the exchange carries, to tell a crash's redelivery from a duplicate. */
    private static String submission(Exchange exchange) {
        Message message = exchange.getMessage();
        return message.getHeader(KafkaConstants.PARTITION, Integer.class) + "@"
                + message.getHeader(KafkaConstants.OFFSET, Long.class);
    }

    private static PayoutAttempt attempt(Exchange exchange) {
        return exchange.getProperty(ATTEMPT, PayoutAttempt.class);
    }
}
