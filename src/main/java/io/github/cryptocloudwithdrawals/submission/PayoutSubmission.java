package io.github.cryptocloudwithdrawals.submission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswer;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswers;
import io.github.cryptocloudwithdrawals.cryptocloud.PayoutRequest;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultRecords;
import io.github.cryptocloudwithdrawals.intake.CommandCheck;
import io.github.cryptocloudwithdrawals.ledger.Ledger;
import io.github.cryptocloudwithdrawals.ledger.LedgerEntry;
import io.github.cryptocloudwithdrawals.ledger.LedgerScope;
import io.github.cryptocloudwithdrawals.ledger.LedgerState;
import io.github.cryptocloudwithdrawals.resolution.Applicability;
import io.github.cryptocloudwithdrawals.resolution.Resolution;
import io.github.cryptocloudwithdrawals.routes.RouteContract;
import io.github.cryptocloudwithdrawals.validation.CommandValidator.Identity;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's submission stage, one method per step of the {@code submit} route: it reads the
 * exchange, lets {@link PayoutDecision} decide, and does what was decided (ledger records, waits,
 * the call's request, the result event). Rate-limit answers are retried (each retry goes through
 * the throttle again, because the route loops back to it); answers that prove the call was not
 * executed hold the command with a capped exponential backoff; an answer that does not prove the
 * outcome is never retried.
 */
public final class PayoutSubmission {

    static final String ATTEMPT = "payoutAttempt";
    /** How soon a wait notices a stop. */
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Logger LOG = LoggerFactory.getLogger(PayoutSubmission.class);

    private final SubmissionStage stage;
    private final PayoutAccount account;
    private final LedgerScope ledger;
    private final ResultRecording recording;
    private final RateGate rateGate;
    private final ApiAvailability availability;

    /** @param rateGate the account's: spaces its calls */
    public PayoutSubmission(SubmissionStage stage, PayoutAccount account, LedgerScope ledger, RateGate rateGate) {
        this.stage = stage;
        this.account = account;
        this.ledger = ledger;
        this.recording = new ResultRecording(ledger, stage.events(), stage.backoff());
        this.rateGate = rateGate;
        this.availability = new ApiAvailability(account);
    }

    /** The account's readiness check: DOWN while a command is held because the API could not execute its call. */
    public ApiAvailability availability() {
        return availability;
    }

    /**
     * Route step: reads the command back (the intake stage passed it on unchanged) and decides
     * from its request's history whether it is called. Holding the account's queue, this instance
     * first claims the account's ledger, which fences any instance that held it before.
     */
    public void start(Exchange exchange) {
        stage.traces().startUntilDone(exchange);
        ledger.claim();
        CommandCheck.Checked checked = stage.check().check(exchange.getMessage().getBody(byte[].class));
        Optional<Identity> identity = checked.identity();
        if (identity.isEmpty()) {
            exchange.setProperty(ATTEMPT, new PayoutAttempt(((CommandCheck.Refused) checked).failure()));
            return;
        }
        String requestId = identity.get().requestId();
        OptionalLong fingerprint = PayoutDecision.fingerprint(identity.get());
        String forwarded = text(exchange.getMessage().getHeader(ResultRecords.FORWARDED_RESOLUTION));
        if (forwarded != null) {
            exchange.setProperty(ATTEMPT, resolve(exchange, checked, fingerprint, Resolution.fromForwarded(forwarded)));
            return;
        }
        Optional<LedgerEntry> known = ledger.lookup(requestId);
        PayoutAttempt attempt = switch (PayoutDecision.beforeCall(known, fingerprint, checked instanceof CommandCheck.Accepted)) {
            case CALL -> new PayoutAttempt(((CommandCheck.Accepted) checked).command(), fingerprint.getAsLong());
            case INVALID -> new PayoutAttempt(((CommandCheck.Refused) checked).failure());
            case CONFLICT -> new PayoutAttempt(stage.events().conflict(requestId, checked.received()));
            case UNKNOWN -> new PayoutAttempt(inFlightAtAStop(exchange, requestId, known.get(), checked.received()));
            case REPLAY -> new PayoutAttempt(recordedResult(exchange, requestId, known.get()));
        };
        exchange.setProperty(ATTEMPT, attempt);
    }

    /**
     * An operator's resolution, queued with the request's original command by the resolutions
     * route: checked again here, where the account's ledger records are written, in order with
     * the account's commands, then applied.
     */
    private PayoutAttempt resolve(Exchange exchange, CommandCheck.Checked checked, OptionalLong fingerprint,
                                  Resolution resolution) {
        String requestId = resolution.requestId();
        Optional<LedgerEntry> known = ledger.lookup(requestId);
        Optional<Ledger.RecordedResult> recorded = known.filter(entry -> entry.state() != LedgerState.IN_FLIGHT
                && entry.state() != LedgerState.NOT_SENT).map(entry -> ledger.result(requestId, entry));
        Optional<Applicability.Recorded> facts = recorded.map(result -> Applicability.Recorded.of(result.event()));
        Applicability.Verdict verdict = Applicability.of(known.map(LedgerEntry::state), facts, resolution);
        boolean sameSubmission = recorded.map(result -> submission(exchange).equals(result.submission())).orElse(false);
        ObjectNode echo = resolution.echo(stage.clock().instant());
        boolean valid = checked instanceof CommandCheck.Accepted;
        switch (PayoutDecision.onResolution(known, fingerprint, valid, sameSubmission, verdict, resolution.kind())) {
            case REFUSE -> stage.resolutions().refused(requestId, resolution.record(), switch (verdict) {
                case APPLIES, ALREADY_APPLIED -> "the command queued with it is not the request's";
                default -> Applicability.reason(verdict, facts);
            });
            case INVALID -> stage.resolutions().refused(requestId, resolution.record(), "the original command fails "
                    + "today's validation, so it is not sent again: " + ((CommandCheck.Refused) checked).failure().body()
                    .path("error").path("message").asText());
            case ALREADY_APPLIED -> stage.resolutions().alreadyApplied(resolution);
            case REPUBLISH -> {
                return new PayoutAttempt(recorded.get().event());
            }
            case UNKNOWN -> {
                ResultEvent unknown = unknownAtAStop(requestId, checked.received());
                unknown.body().set("resolution", echo);
                recording.recordInFlightAtAStop(requestId, known.get().fingerprint(), unknown, submission(exchange));
                return new PayoutAttempt(unknown);
            }
            case RECORD_PAID -> {
                ResultEvent paid = stage.events().resolvedPaid(recorded.get().event(), resolution.invoiceId(), echo);
                // recorded first: a stop before the event is published republishes this one (REPUBLISH)
                ledger.recordDone(requestId, known.get().fingerprint(), null, null, paid, submission(exchange));
                stage.resolutions().applied(resolution);
                return new PayoutAttempt(paid);
            }
            case CALL -> {
                stage.resolutions().applied(resolution);
                return new PayoutAttempt(((CommandCheck.Accepted) checked).command(), fingerprint.getAsLong(), echo);
            }
        }
        return PayoutAttempt.nothingToPublish();
    }

    private ResultEvent unknownAtAStop(String requestId, ObjectNode received) {
        return stage.events().failed(requestId, Failure.of(ErrorType.OUTCOME_UNKNOWN, "a call for this request was in "
                + "flight when the service stopped; the withdrawal may or may not have been created"), received);
    }

    private ResultEvent inFlightAtAStop(Exchange exchange, String requestId, LedgerEntry known, ObjectNode received) {
        ResultEvent unknown = unknownAtAStop(requestId, received);
        recording.recordInFlightAtAStop(requestId, known.fingerprint(), unknown, submission(exchange));
        return unknown;
    }

    private ResultEvent recordedResult(Exchange exchange, String requestId, LedgerEntry known) {
        Ledger.RecordedResult recorded = ledger.result(requestId, known);
        // the same submission read again after a crash: publish its result as it was decided
        return submission(exchange).equals(recorded.submission()) ? recorded.event()
                : stage.events().replay(recorded.event());
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
        awaitUnlessStopping(exchange, TimeUnit.MILLISECONDS.toNanos(stage.backoff().delayMillis(attempt.notExecutedInARow())));
        attempt.stepStarting();
        ledger.othersLastCall().ifPresent(last -> rateGate.observe(last, stage.clock().instant()));
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
                stage.clock().instant().plusNanos(rateGate.nanosUntilTurn()));
        rateGate.awaitTurn();
        stage.metrics().throttleWait(account.label(), attempt.nanosSinceStepStarted());
        attempt.callStarting(stage.clock().instant());
        attempt.stepStarting();
        Message message = exchange.getMessage();
        message.setBody(PayoutRequest.body(command));
        message.setHeader("Authorization", account.credentials().authorizationHeader());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        stage.traces().enter(exchange);
    }

    /** Route step after the call, whatever came of it (the route's finally): the one that {@link #prepareCall} began. */
    public void callEnded(Exchange exchange) {
        stage.traces().leave(exchange);
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

    /** Route step: the message becomes the command's result event, unless it has none to publish. */
    public void finish(Exchange exchange) {
        PayoutAttempt attempt = attempt(exchange);
        if (attempt.silent()) {
            exchange.setProperty(RouteContract.RESULT_KIND, RouteContract.NO_RESULT);
            return;
        }
        stage.records().writeTo(exchange, attempt.result());
        stage.traces().result(exchange, attempt.result());
    }

    private void apply(Exchange exchange, ApiAnswer answer) {
        rateGate.answered();
        PayoutAttempt attempt = attempt(exchange);
        attempt.answered(stage.clock().instant(), answer);
        stage.metrics().apiCall(account.label(), answer.name(), attempt.nanosSinceStepStarted());
        WithdrawalCommand command = attempt.command();
        int rateLimited = attempt.rateLimitedAnswers();
        switch (stage.decision().afterAnswer(answer, rateLimited)) {
            case SUCCEED -> {
                ApiAnswer.Created created = (ApiAnswer.Created) answer;
                attempt.finish(stage.events().succeeded(command, created.invoiceId(), created.status(), created.result(),
                        attempt.firstCallAt()));
            }
            case FAIL -> attempt.finish(stage.events().failed(command.requestId(), answer instanceof ApiAnswer.RateLimited limited
                    ? limited.failure(rateLimited) : ((ApiAnswer.Rejected) answer).failure(), command.received()));
            case RETRY -> LOG.warn("request_id={} rate-limited by CryptoCloud (answer {} of at most {}); retrying after the "
                    + "interval", command.requestId(), rateLimited, stage.decision().rateLimitRetries() + 1);
            case HOLD -> hold(attempt, (ApiAnswer.NotExecuted) answer);
            case UNKNOWN -> attempt.finish(stage.events().failed(command.requestId(), ((ApiAnswer.Unknown) answer).failure(),
                    command.received()));
        }
        if (answer instanceof ApiAnswer.NotExecuted notExecuted) {
            availability.unavailable(notExecuted.reason() + " (POST " + stage.payoutUrl() + ")");
        } else {
            availability.available();
        }
        if (attempt.awaitingAnswer()) {
            ledger.recordNotSent(command.requestId(), attempt.fingerprint(), attempt.lastCallAt(), attempt.lastAnswerAt());
        } else {
            attempt.finish(recording.record(attempt, submission(exchange), () -> stage.holdsQueue().test(exchange),
                    () -> exchange.getContext().isStopping()));
        }
    }

    /** The next call waits for the backoff and for the rate interval, whichever ends later. */
    private void hold(PayoutAttempt attempt, ApiAnswer.NotExecuted notExecuted) {
        int inARow = attempt.notExecutedInARow();
        if (notExecuted.keyRefused()) {
            account.credentials().reload();
        }
        long backoffMillis = stage.backoff().delayMillis(inARow);
        long turnMillis = TimeUnit.NANOSECONDS.toMillis(rateGate.nanosUntilTurn());
        LOG.warn("request_id={} held: {} (POST {}, attempt {}); calling again in {} ms ({})",
                attempt.command().requestId(), notExecuted.reason(), stage.payoutUrl(), inARow, Math.max(backoffMillis, turnMillis),
                turnMillis > backoffMillis ? "the rate interval" : "backoff");
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

    private static String text(Object header) {
        return header instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) header;
    }

    private static PayoutAttempt attempt(Exchange exchange) {
        return exchange.getProperty(ATTEMPT, PayoutAttempt.class);
    }
}
