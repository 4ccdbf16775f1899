package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswers;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ResultRecords;
import io.github.cryptocloudwithdrawals.ledger.AccountLedger;
import io.github.cryptocloudwithdrawals.routes.RouteContract;
import io.github.cryptocloudwithdrawals.tracing.CommandTraces;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The {@code submit} route's bean for one account: the route's exchange becomes a
 * {@link Submission} once, at the first step; each step hands values to {@link PayoutSteps} and
 * puts what it decided back on the exchange (the call's request, the result event).
 */
public final class PayoutSubmission {

    private static final String SUBMISSION = "submission";
    private static final String ATTEMPT = "payoutAttempt";

    private final PayoutSteps steps;
    private final PayoutAccount account;
    private final ResultRecords records;
    private final Predicate<Exchange> holdsQueue;
    private final CommandTraces traces;

    /**
     * @param records    binds a result event to its Kafka record
     * @param holdsQueue whether this instance still holds the queue an exchange came from (asks Kafka)
     * @param traces     each command's span of the submission, current during the call, its context on the result event
     */
    public PayoutSubmission(SubmissionStage stage, PayoutAccount account, AccountLedger ledger, Throttle throttle,
                            ResultRecords records, Predicate<Exchange> holdsQueue, CommandTraces traces) {
        this.steps = new PayoutSteps(stage, account, ledger, throttle);
        this.account = account;
        this.records = records;
        this.holdsQueue = holdsQueue;
        this.traces = traces;
    }

    /** The account's readiness check: DOWN while a command is held because the API could not execute its call. */
    public ApiAvailability availability() {
        return steps.availability();
    }

    /** The account's readiness check: DOWN while a submission of another deployment is held. */
    public QueueGuard guard() {
        return steps.guard();
    }

    /** Route step: the record becomes the submission, and what it comes to is decided. */
    public void receive(Exchange exchange) {
        traces.startUntilDone(exchange);
        Message message = exchange.getMessage();
        Submission submission = new Submission(
                message.getHeader(KafkaConstants.PARTITION, Integer.class) + "@"
                        + message.getHeader(KafkaConstants.OFFSET, Long.class),
                message.getHeader(KafkaConstants.TOPIC, account.submissionsTopic(), String.class),
                message.getBody(byte[].class),
                text(message.getHeader(DeploymentStamp.HEADER)),
                text(message.getHeader(ResultRecords.FORWARDED_RESOLUTION)));
        exchange.setProperty(SUBMISSION, submission);
        exchange.setProperty(ATTEMPT, steps.receive(submission));
    }

    /** Loop condition: true while the command is to be called (again). */
    public boolean callsAgain(Exchange exchange) {
        return attempt(exchange).awaitingAnswer();
    }

    /** Route step: the one wait before a call (the throttle); a stop ends it and leaves the command queued. */
    public void awaitTurn(Exchange exchange) {
        steps.awaitTurn(attempt(exchange), submission(exchange));
    }

    /** Route step right before the HTTP call: records it in flight, then builds the request. */
    public void prepareCall(Exchange exchange) {
        String body = steps.prepareCall(attempt(exchange), submission(exchange));
        Message message = exchange.getMessage();
        message.setBody(body);
        message.setHeader("Authorization", account.credentials().authorizationHeader());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        traces.enter(exchange);
    }

    /** Route step after the call, whatever came of it (the route's finally): the one that {@link #prepareCall} began. */
    public void callEnded(Exchange exchange) {
        traces.leave(exchange);
    }

    /** Route step after an HTTP answer (any status). */
    public void answered(Exchange exchange) {
        Message message = exchange.getMessage();
        steps.answered(attempt(exchange), ApiAnswers.fromResponse(message.getHeader(Exchange.HTTP_RESPONSE_CODE,
                Integer.class), message.getBody(String.class)), submission(exchange), () -> holdsQueue.test(exchange));
    }

    /** Route step after the HTTP call failed without an answer. */
    public void notAnswered(Exchange exchange) {
        steps.answered(attempt(exchange), ApiAnswers.fromSendFailure(exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                Exception.class)), submission(exchange), () -> holdsQueue.test(exchange));
    }

    /** Route step: the message becomes the command's result event, unless it has none to publish. */
    public void finish(Exchange exchange) {
        PayoutAttempt attempt = attempt(exchange);
        if (attempt.silent()) {
            exchange.setProperty(RouteContract.RESULT_KIND, RouteContract.NO_RESULT);
            return;
        }
        records.writeTo(exchange, attempt.result());
        traces.result(exchange, attempt.result());
    }

    private static String text(Object header) {
        return header instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) header;
    }

    private static Submission submission(Exchange exchange) {
        return exchange.getProperty(SUBMISSION, Submission.class);
    }

    private static PayoutAttempt attempt(Exchange exchange) {
        return exchange.getProperty(ATTEMPT, PayoutAttempt.class);
    }
}
