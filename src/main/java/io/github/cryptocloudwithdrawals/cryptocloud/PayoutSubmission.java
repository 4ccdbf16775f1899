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
import io.github.cryptocloudwithdrawals.ledger.LedgerRecordRefusedException;
import io.github.cryptocloudwithdrawals.ledger.LedgerScope;
import io.github.cryptocloudwithdrawals.ledger.LedgerVerdict;
import io.github.cryptocloudwithdrawals.ledger.LedgerWriterLostException;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.github.cryptocloudwithdrawals.validation.CommandValidator.Identity;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
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
    private final Predicate<Exchange> holdsQueue;

    /** @param holdsQueue whether this instance still holds the queue an exchange came from (asks Kafka) */
    public PayoutSubmission(PayoutAccount account, CommandIntake intake, LedgerScope ledger, ResultEvents events,
                            RateGate rateGate, Clock clock, int rateLimitRetries, FaultBackoff backoff,
                            ApiAvailability availability, WithdrawalMetrics metrics, Predicate<Exchange> holdsQueue) {
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
        this.holdsQueue = holdsQueue;
    }

    /**
     * Route step: reads the command back (the intake stage passed it on unchanged) and looks its
     * request id up in the ledger, which answers before validation does: only a request id the
     * ledger does not know, or whose calls provably paid nothing, leads to a call, and only for a
     * valid command. Holding the account's queue, this instance first claims the account's
     * ledger, which fences any instance that held it before.
     */
    public void start(Exchange exchange) {
        ledger.claim();
        CommandIntake.Checked checked = intake.check(exchange.getMessage().getBody(byte[].class));
        Optional<Identity> identity = checked.identity();
        if (identity.isEmpty()) {
            exchange.setProperty(ATTEMPT, new PayoutAttempt(((CommandIntake.Refused) checked).failure()));
            return;
        }
        String requestId = identity.get().requestId();
        OptionalLong fingerprint = identity.filter(Identity::namesAWithdrawal)
                .map(i -> OptionalLong.of(Ledger.fingerprint(i.currencyCode(), i.toAddress(), i.amount())))
                .orElse(OptionalLong.empty());
        Optional<LedgerEntry> known = ledger.lookup(requestId);
        PayoutAttempt attempt = switch (LedgerVerdict.of(known, fingerprint, checked instanceof CommandIntake.Accepted)) {
            case CALL -> new PayoutAttempt(((CommandIntake.Accepted) checked).command(), fingerprint.getAsLong());
            case INVALID -> new PayoutAttempt(((CommandIntake.Refused) checked).failure());
            case CONFLICT -> new PayoutAttempt(failed(requestId, Failure.of(ErrorType.CONFLICT, "request_id " + requestId
                    + " was used before for a different withdrawal (currency_code, to_address or amount differ)"),
                    received(checked)));
            case IN_FLIGHT_AT_A_STOP -> new PayoutAttempt(inFlightAtAStop(exchange, requestId, known.get(), received(checked)));
            case REPLAY -> new PayoutAttempt(recordedResult(exchange, requestId, known.get()));
        };
        exchange.setProperty(ATTEMPT, attempt);
    }

    /** The process that made the call stopped between sending it and recording its answer. */
    private ResultEvent inFlightAtAStop(Exchange exchange, String requestId, LedgerEntry known, ObjectNode received) {
        ResultEvent unknown = failed(requestId, Failure.of(ErrorType.OUTCOME_UNKNOWN, "a call for this request was "
                + "in flight when the service stopped; the withdrawal may or may not have been created"), received);
        try {
            ledger.recordDone(requestId, known.fingerprint(), null, null, unknown, submission(exchange));
        } catch (LedgerRecordRefusedException e) {
            // still in flight in the ledger, so every later duplicate gets outcome_unknown too
            LOG.error("request_id={} its outcome_unknown result could not be recorded ({}); it is published unrecorded",
                    requestId, e.getMessage());
        }
        return unknown;
    }

    private ResultEvent recordedResult(Exchange exchange, String requestId, LedgerEntry known) {
        Ledger.RecordedResult recorded = ledger.result(requestId, known);
        // the same submission read again after a crash: publish its result as it was decided
        return submission(exchange).equals(recorded.submission()) ? recorded.event() : events.replay(recorded.event());
    }

    private static ObjectNode received(CommandIntake.Checked checked) {
        return checked instanceof CommandIntake.Accepted accepted ? accepted.command().received()
                : ((CommandIntake.Refused) checked).received();
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
     * service stop first, or the account's queue pass to another instance, the answer is in the
     * log line below for reconciliation. A record Kafka refuses for good (too large) is not
     * tried again: the command ends outcome_unknown, with the answer logged.
     */
    private void recordResult(Exchange exchange, PayoutAttempt attempt) {
        WithdrawalCommand command = attempt.command();
        boolean answerRefused = false;
        for (int failures = 1; ; failures++) {
            try {
                // a Kafka failure may have cost the writer: take it back, unless this instance lost the
                // account's queue or another instance decided the request meanwhile
                ledger.reclaimWhileInFlight(command.requestId(), () -> holdsQueue.test(exchange));
                ledger.recordDone(command.requestId(), attempt.fingerprint(), attempt.lastCallAt(), attempt.lastAnswerAt(),
                        attempt.result(), submission(exchange));
                return;
            } catch (LedgerRecordRefusedException e) {
                if (answerRefused) {
                    // the request stays in flight in the ledger: every later duplicate gets outcome_unknown too
                    LOG.error("request_id={} not even its outcome_unknown result could be recorded ({}); it is published "
                            + "unrecorded", command.requestId(), e.getMessage());
                    return;
                }
                // Writing the same record again can never succeed, and a call must not be made
                // again either: the in_flight record stays the latest until a smaller one says more.
                LOG.error("request_id={} the API's answer cannot be recorded ({}); the command ends outcome_unknown. "
                        + "The answer: {}", command.requestId(), e.getMessage(), attempt.result().body());
                attempt.finish(failed(command, Failure.of(ErrorType.OUTCOME_UNKNOWN, "CryptoCloud answered, but its answer "
                        + "could not be recorded in the request ledger (" + e.getMessage() + "); the answer is in the "
                        + "service's log under this request_id: the withdrawal may have been created")));
                answerRefused = true;
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
        return failed(command.requestId(), failure, command.received());
    }

    private ResultEvent failed(String requestId, Failure failure, ObjectNode received) {
        return events.failed(requestId, failure, received);
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
