package io.github.cryptocloudwithdrawals.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import io.github.cryptocloudwithdrawals.validation.CommandValidator.Identity;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The intake stage: reads and validates each command as fast as it arrives. A valid command is
 * passed on unchanged, keyed by its request id and stamped with the deployment
 * ({@link DeploymentStamp}), to the submission stage; an invalid one is
 * answered at once with a failure event, so it never waits behind the rate limit, unless its
 * request is one the ledger may know: then it is passed on too, for the submission stage to
 * answer from the ledger first (a duplicate of a paid request is replayed, not refused).
 */
public final class CommandIntake {

    /** Exchange property telling the route whether the command goes on to its account's queue. */
    public static final String ACCEPTED = "commandAccepted";
    /** Exchange property naming the submissions topic of the account that pays an accepted command. */
    public static final String SUBMISSIONS_TOPIC = "submissionsTopic";

    /** What reading and validating a record value came to. */
    public sealed interface Checked permits Accepted, Refused {

        /** Which request the command is, when it says so soundly enough to look it up. */
        Optional<Identity> identity();
    }

    public record Accepted(WithdrawalCommand command) implements Checked {

        @Override
        public Optional<Identity> identity() {
            return Optional.of(Identity.of(command));
        }
    }

    /**
     * @param identity which request the refused command is, when it says so soundly
     * @param received the command as received, when it was a JSON object
     */
    public record Refused(ResultEvent failure, Optional<Identity> identity, ObjectNode received) implements Checked {
    }

    private final CommandReader reader;
    private final CommandValidator validator;
    private final ResultEvents events;
    private final Function<String, String> submissionsTopic;
    private final Predicate<Identity> mayBeKnown;
    private final DeploymentStamp stamp;

    /**
     * @param submissionsTopic the queue of an account (by name, {@code null} for the default account)
     * @param mayBeKnown       whether the ledger may know a request: asked for invalid commands only
     * @param stamp            put on every submission: the submitters pay only their deployment's
     */
    public CommandIntake(CommandReader reader, CommandValidator validator, ResultEvents events,
                         Function<String, String> submissionsTopic, Predicate<Identity> mayBeKnown,
                         DeploymentStamp stamp) {
        this.reader = reader;
        this.validator = validator;
        this.events = events;
        this.submissionsTopic = submissionsTopic;
        this.mayBeKnown = mayBeKnown;
        this.stamp = stamp;
    }

    /**
     * Route step: keys and stamps a command that goes on and names its account's queue,
     * or turns the message into its failure event.
     */
    public void accept(Exchange exchange) {
        Checked checked = check(exchange.getMessage().getBody(byte[].class));
        Optional<Identity> passedOn = checked instanceof Accepted
                ? checked.identity()
                // only invalid commands are looked up: valid traffic pays nothing for it
                : checked.identity().filter(mayBeKnown);
        if (passedOn.isPresent()) {
            exchange.getMessage().setHeader(KafkaConstants.KEY, passedOn.get().requestId());
            // the submission keeps the command's publish time, so latency is measured end to end
            exchange.getMessage().setHeader(KafkaConstants.OVERRIDE_TIMESTAMP,
                    exchange.getMessage().getHeader(KafkaConstants.TIMESTAMP, Long.class));
            exchange.getMessage().setHeader(DeploymentStamp.HEADER, stamp.commandsTopic());
            exchange.setProperty(ACCEPTED, true);
            exchange.setProperty(SUBMISSIONS_TOPIC, submissionsTopic.apply(passedOn.get().account()));
        } else {
            events.writeTo(exchange, ((Refused) checked).failure());
            exchange.setProperty(ACCEPTED, false);
        }
    }

    public Checked check(byte[] value) {
        CommandReader.Reading reading = reader.read(value);
        if (reading instanceof CommandReader.Unreadable unreadable) {
            return new Refused(events.malformed(unreadable.reason(), unreadable.raw()), Optional.empty(), null);
        }
        ObjectNode json = ((CommandReader.Readable) reading).json();
        CommandValidator.Verdict verdict = validator.validate(json);
        if (verdict instanceof CommandValidator.Invalid invalid) {
            Failure failure = Failure.ofField(ErrorType.VALIDATION, invalid.field(), invalid.message());
            return new Refused(events.failed(invalid.requestId(), failure, json), validator.identify(json), json);
        }
        return new Accepted(((CommandValidator.Valid) verdict).command());
    }
}
