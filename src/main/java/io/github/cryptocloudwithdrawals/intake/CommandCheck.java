package io.github.cryptocloudwithdrawals.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import io.github.cryptocloudwithdrawals.validation.CommandValidator.Identity;
import java.util.Optional;

/**
 * Reads a record value and validates the command in it: what the intake does with every command,
 * and the submission stage again with a queued one (the intake passed it on unchanged).
 */
public final class CommandCheck {

    /** What reading and validating a record value came to. */
    public sealed interface Checked permits Accepted, Refused {

        /** Which request the command is, when it says so soundly enough to look it up. */
        Optional<Identity> identity();

        /** The command as received, when it was a JSON object. */
        ObjectNode received();
    }

    public record Accepted(WithdrawalCommand command) implements Checked {

        @Override
        public Optional<Identity> identity() {
            return Optional.of(Identity.of(command));
        }

        @Override
        public ObjectNode received() {
            return command.received();
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

    public CommandCheck(CommandReader reader, CommandValidator validator, ResultEvents events) {
        this.reader = reader;
        this.validator = validator;
        this.events = events;
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
