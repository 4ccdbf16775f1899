package io.github.cryptocloudwithdrawals.resolution;

import io.github.cryptocloudwithdrawals.account.KnownAccounts;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ResultRecords;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.ledger.ResolutionsView;
import io.github.cryptocloudwithdrawals.routes.RouteContract;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The resolutions route's step: reads an operator's resolution, checks it against the request's
 * ledger history, and hands an applicable one to the submission stage of the request's account,
 * the only writer of that account's ledger records, which checks it again and applies it in
 * order with the account's commands. What goes on is the original command as the ledger recorded
 * it (the submission stage pays nothing else), with the resolution in the header
 * {@link ResultRecords#FORWARDED_RESOLUTION}. Whatever does not apply changes nothing and
 * publishes nothing: it is logged with its reason and counted.
 */
public final class ResolutionIntake {

    private final ResolutionReader reader = new ResolutionReader();
    private final KnownAccounts accounts;
    private final Function<String, String> submissionsTopic;
    private final ResolutionsView ledger;
    private final DeploymentStamp stamp;
    private final ResolutionOutcomes outcomes;

    /** @param submissionsTopic the queue of an account (by name, {@code null} for the default account) */
    public ResolutionIntake(KnownAccounts accounts, Function<String, String> submissionsTopic, ResolutionsView ledger,
                            DeploymentStamp stamp, ResolutionOutcomes outcomes) {
        this.accounts = accounts;
        this.submissionsTopic = submissionsTopic;
        this.ledger = ledger;
        this.stamp = stamp;
        this.outcomes = outcomes;
    }

    /** Route step: queues an applicable resolution for its account's submission stage, or refuses it. */
    public void accept(Exchange exchange) {
        Message message = exchange.getMessage();
        Resolution.RecordId record = new Resolution.RecordId(message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, Long.class));
        exchange.setProperty(RouteContract.RESOLUTION_FORWARDED, false);
        Instant publishedAt = Instant.ofEpochMilli(message.getHeader(KafkaConstants.TIMESTAMP, Long.class));
        ResolutionReader.Reading reading = reader.read(message.getHeader(KafkaConstants.KEY, String.class),
                message.getBody(byte[].class), record, publishedAt);
        if (reading instanceof ResolutionReader.Refused refused) {
            outcomes.refused(refused.requestId(), record, refused.reason());
            return;
        }
        Resolution resolution = ((ResolutionReader.Read) reading).resolution();
        Optional<String> noAccount = accountProblem(resolution.account());
        if (noAccount.isPresent()) {
            outcomes.refused(resolution.requestId(), record, noAccount.get());
            return;
        }
        Optional<ResolutionsView.Latest> latest = ledger.latest(resolution.account(), resolution.requestId());
        Optional<Applicability.Recorded> recorded = latest.flatMap(ResolutionsView.Latest::result)
                .map(result -> Applicability.Recorded.of(result.event()));
        Applicability.Verdict verdict = Applicability.of(latest.map(ResolutionsView.Latest::state), recorded, resolution);
        switch (verdict) {
            case APPLIES -> {
                if (latest.get().result().orElseThrow().event().body().path("command").isObject()) {
                    forward(exchange, resolution, latest.get());
                } else {
                    outcomes.refused(resolution.requestId(), record, "its recorded result holds no command to resolve");
                }
            }
            case ALREADY_APPLIED -> outcomes.alreadyApplied(resolution);
            default -> outcomes.refused(resolution.requestId(), record, Applicability.reason(verdict, recorded));
        }
    }

    private void forward(Exchange exchange, Resolution resolution, ResolutionsView.Latest latest) {
        Message message = exchange.getMessage();
        // the operator's record headers are not the command's: the events carry the command's
        // (Camel's own headers, the Kafka ones included since Camel 4.22, start with "Camel")
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("Camel"));
        try {
            message.setBody(JsonMapping.MAPPER.writeValueAsBytes(latest.result().orElseThrow().event().body().get("command")));
        } catch (IOException e) {
            throw new IllegalStateException("a recorded command could not be serialized", e);
        }
        message.setHeader(KafkaConstants.KEY, resolution.requestId());
        message.setHeader(DeploymentStamp.HEADER, stamp.commandsTopic());
        // the submitter applies it to this outcome only: not to the outcome of an earlier resolution's call
        message.setHeader(ResultRecords.FORWARDED_RESOLUTION, resolution.appliesTo(latest.result().orElseThrow().event()
                .cloudEventId()).forwarded());
        exchange.setProperty(RouteContract.RESOLUTION_FORWARDED, true);
        exchange.setProperty(RouteContract.ACCOUNT_QUEUE, submissionsTopic.apply(resolution.account()));
    }

    private Optional<String> accountProblem(String account) {
        if (account == null) {
            return accounts.hasDefault() ? Optional.empty() : Optional.of("it names no account, and this deployment "
                    + "pays only from the named accounts " + accounts.named());
        }
        return accounts.contains(account) ? Optional.empty() : Optional.of("unknown account '" + account
                + "' (this deployment pays from " + accounts.named() + (accounts.hasDefault() ? " and the default account" : "")
                + ")");
    }
}
