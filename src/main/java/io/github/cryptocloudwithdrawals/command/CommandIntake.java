package io.github.cryptocloudwithdrawals.command;

import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The intake stage: reads and validates each command as fast as it arrives. A valid command is
 * passed on unchanged, keyed by its request id and stamped with the deployment
 * ({@link DeploymentStamp}), to the submission stage; an invalid one is answered at once with a
 * failure event, so it never waits behind the rate limit.
 */
public final class CommandIntake {

    /** Exchange property telling the route whether the command goes on to be paid. */
    public static final String ACCEPTED = "commandAccepted";
    /** Exchange property naming the submissions topic of the account that pays an accepted command. */
    public static final String SUBMISSIONS_TOPIC = "submissionsTopic";

    /** What reading and validating a record value came to. */
    public sealed interface Checked permits Accepted, Refused {
    }

    public record Accepted(WithdrawalCommand command) implements Checked {
    }

    public record Refused(ResultEvent failure) implements Checked {
    }

    private final CommandReader reader;
    private final CommandValidator validator;
    private final ResultEvents events;
    private final Function<WithdrawalCommand, String> submissionsTopic;
    private final DeploymentStamp stamp;

    /**
     * @param submissionsTopic the queue of the account a valid command is paid from
     * @param stamp            put on every submission: the submitters pay only their deployment's
     */
    public CommandIntake(CommandReader reader, CommandValidator validator, ResultEvents events,
                         Function<WithdrawalCommand, String> submissionsTopic, DeploymentStamp stamp) {
        this.reader = reader;
        this.validator = validator;
        this.events = events;
        this.submissionsTopic = submissionsTopic;
        this.stamp = stamp;
    }

    /**
     * Route step: keys and stamps a valid command and names its account's queue, or turns
     * the message into its failure event.
     */
    public void accept(Exchange exchange) {
        Checked checked = check(exchange.getMessage().getBody(byte[].class));
        if (checked instanceof Accepted accepted) {
            exchange.getMessage().setHeader(KafkaConstants.KEY, accepted.command().requestId());
            // the submission keeps the command's publish time, so latency is measured end to end
            exchange.getMessage().setHeader(KafkaConstants.OVERRIDE_TIMESTAMP,
                    exchange.getMessage().getHeader(KafkaConstants.TIMESTAMP, Long.class));
            exchange.getMessage().setHeader(DeploymentStamp.HEADER, stamp.commandsTopic());
            exchange.setProperty(ACCEPTED, true);
            exchange.setProperty(SUBMISSIONS_TOPIC, submissionsTopic.apply(accepted.command()));
        } else {
            events.writeTo(exchange, ((Refused) checked).failure());
            exchange.setProperty(ACCEPTED, false);
        }
    }

    public Checked check(byte[] value) {
        CommandReader.Reading reading = reader.read(value);
        if (reading instanceof CommandReader.Unreadable unreadable) {
            return new Refused(events.malformed(unreadable.reason(), unreadable.raw()));
        }
        CommandReader.Readable readable = (CommandReader.Readable) reading;
        CommandValidator.Verdict verdict = validator.validate(readable.json());
        if (verdict instanceof CommandValidator.Invalid invalid) {
            Failure failure = Failure.ofField(ErrorType.VALIDATION, invalid.field(), invalid.message());
            return new Refused(events.failed(invalid.requestId(), failure, readable.json()));
        }
        return new Accepted(((CommandValidator.Valid) verdict).command());
    }
}
