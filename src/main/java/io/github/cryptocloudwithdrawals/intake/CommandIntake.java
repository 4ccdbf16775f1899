package io.github.cryptocloudwithdrawals.intake;

import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultRecords;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.github.cryptocloudwithdrawals.tracing.CommandTraces;
import io.github.cryptocloudwithdrawals.validation.CommandValidator.Identity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The intake stage: reads and validates each command as fast as it arrives. A valid command is
 * passed on unchanged, keyed by its request id and stamped with the deployment
 * ({@link DeploymentStamp}), to the submission stage; an invalid one is
 * answered at once with a failure event, so it never waits behind the rate limit, unless its
 * request is one the ledger may know: then it is passed on too, for the submission stage to
 * answer from the ledger first (a duplicate of a paid request is replayed, not refused). A command
 * whose request has its final result already, valid or not, is answered at once from the ledger
 * ({@link LedgerAnswers}): its duplicates never wait behind the rate limit either.
 */
public final class CommandIntake {

    private final CommandCheck check;
    private final ResultRecords records;
    private final Function<String, String> submissionsTopic;
    private final Supplier<Predicate<Identity>> mayBeKnown;
    private final LedgerAnswers ledgerAnswers;
    private final String succeededTopic;
    private final DeploymentStamp stamp;
    private final CommandTraces traces;
    private final WithdrawalMetrics metrics;

    /**
     * @param submissionsTopic the queue of an account (by name, {@code null} for the default account)
     * @param mayBeKnown       for one batch: whether the ledger may know a request (asked for invalid commands only)
     * @param ledgerAnswers    the answer to a command whose request has its final result
     * @param succeededTopic   where a replayed success goes (every other answer goes to the failed topic)
     * @param stamp            put on every submission: the submitters pay only their deployment's
     * @param traces           each command's span of the intake, and its context on the record sent on
     * @param metrics          counts the commands read, queued or answered
     */
    public CommandIntake(CommandCheck check, ResultRecords records, Function<String, String> submissionsTopic,
                         Supplier<Predicate<Identity>> mayBeKnown, LedgerAnswers ledgerAnswers, String succeededTopic,
                         DeploymentStamp stamp, CommandTraces traces, WithdrawalMetrics metrics) {
        this.check = check;
        this.records = records;
        this.submissionsTopic = submissionsTopic;
        this.mayBeKnown = mayBeKnown;
        this.ledgerAnswers = ledgerAnswers;
        this.succeededTopic = succeededTopic;
        this.stamp = stamp;
        this.traces = traces;
        this.metrics = metrics;
    }

    /**
     * Route step for one batch of records from the commands topic (the message body is the list
     * of their exchanges, in the order read): each record becomes the record it leads to, all of
     * them then sent with one producer call. A command that goes on is keyed and stamped and is
     * sent to its account's queue ({@link KafkaConstants#OVERRIDE_TOPIC}); any other record
     * becomes its answer: a replayed success goes to the succeeded topic, a failure event to the
     * endpoint's topic, the failed topic.
     */
    public void acceptAll(Exchange batch) {
        Predicate<Identity> mayBeKnownNow = mayBeKnown.get();
        for (Object record : batch.getMessage().getBody(List.class)) {
            Exchange exchange = (Exchange) record;
            traces.start(exchange);
            try {
                metrics.intakeCommand(accept(exchange, mayBeKnownNow));
            } finally {
                traces.end(exchange);
            }
        }
    }

    /** @return true: passed on to its account's queue; false: answered */
    private boolean accept(Exchange exchange, Predicate<Identity> mayBeKnownNow) {
        Message message = exchange.getMessage();
        CommandCheck.Checked checked = check.check(message.getBody(byte[].class));
        Optional<ResultEvent> recorded = ledgerAnswers.answer(checked);
        if (recorded.isPresent()) {
            answer(exchange, recorded.get());
            return false;
        }
        Optional<Identity> passedOn = checked instanceof CommandCheck.Accepted
                ? checked.identity()
                // only invalid commands are looked up: valid traffic pays nothing for it
                : checked.identity().filter(mayBeKnownNow);
        if (passedOn.isPresent()) {
            message.setHeader(KafkaConstants.KEY, passedOn.get().requestId());
            // the submission keeps the command's publish time, so latency is measured end to end
            message.setHeader(KafkaConstants.OVERRIDE_TIMESTAMP, message.getHeader(KafkaConstants.TIMESTAMP, Long.class));
            message.setHeader(DeploymentStamp.HEADER, stamp.commandsTopic());
            message.setHeader(KafkaConstants.OVERRIDE_TOPIC, submissionsTopic.apply(passedOn.get().account()));
            traces.queued(exchange, passedOn.get().requestId());
            return true;
        }
        answer(exchange, ((CommandCheck.Refused) checked).failure());
        return false;
    }

    private void answer(Exchange exchange, ResultEvent event) {
        Message message = exchange.getMessage();
        ResultEvent answer = event.identifiedBy(answerId(message));
        records.writeTo(exchange, answer);
        traces.result(exchange, answer);
        if (event.kind() == ResultEvent.Kind.SUCCEEDED) {
            message.setHeader(KafkaConstants.OVERRIDE_TOPIC, succeededTopic);
        }
        // the batch is sent as bytes (a submission is the command's bytes); the event is UTF-8 JSON
        message.setBody(message.getBody(String.class).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code ce_id} of the answer to a record, from where the record is: a record read again
     * (after a crash, before its offset was committed) is answered under the same {@code ce_id},
     * so consumers drop the copy. The record's timestamp tells apart a record at
     * the same place of a commands topic deleted and created again.
     */
    private static String answerId(Message record) {
        String place = record.getHeader(KafkaConstants.TOPIC, String.class) + "/"
                + record.getHeader(KafkaConstants.PARTITION, Integer.class) + "/"
                + record.getHeader(KafkaConstants.OFFSET, Long.class) + "/"
                + record.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        return UUID.nameUUIDFromBytes(place.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
