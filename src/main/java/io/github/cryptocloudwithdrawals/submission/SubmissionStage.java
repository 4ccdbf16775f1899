package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.events.ResultRecords;
import io.github.cryptocloudwithdrawals.intake.CommandCheck;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.github.cryptocloudwithdrawals.resolution.ResolutionOutcomes;
import io.github.cryptocloudwithdrawals.tracing.CommandTraces;
import java.time.Clock;
import java.util.function.Predicate;
import org.apache.camel.Exchange;

/**
 * What the submission stages of all accounts share: how a queued command is read again, what is
 * decided about it, how its result is built and put on its record, how a held command backs off.
 *
 * @param check      reads a queued command exactly as the intake did
 * @param holdsQueue whether this instance still holds the queue an exchange came from (asks Kafka)
 * @param resolutions what became of operators' resolutions: logged and counted
 * @param payoutUrl  where the calls go (CRYPTOCLOUD_BASE_URL and the payout path): named when a command
 *                   is held, since a wrong URL is one reason
 * @param traces     each command's span of the submission, current during the call, its context on the result event
 */
public record SubmissionStage(CommandCheck check, PayoutDecision decision, ResultEvents events, ResultRecords records,
                              FaultBackoff backoff, Clock clock, WithdrawalMetrics metrics, Predicate<Exchange> holdsQueue,
                              ResolutionOutcomes resolutions, String payoutUrl, CommandTraces traces) {
}
