package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.intake.CommandCheck;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.github.cryptocloudwithdrawals.resolution.ResolutionOutcomes;
import java.time.Clock;

/**
 * What the submission stages of all accounts share: how a queued command is read again, what is
 * decided about it, how its result is built, how a held command backs off, when the service stops.
 *
 * @param check       reads a queued command exactly as the intake did
 * @param stamp       tells this deployment's submissions from another's
 * @param resolutions what became of operators' resolutions: logged and counted
 * @param payoutUrl   where the calls go (CRYPTOCLOUD_BASE_URL and the payout path): named when a command
 *                    is held, since a wrong URL is one reason
 */
public record SubmissionStage(CommandCheck check, DeploymentStamp stamp, PayoutDecision decision, ResultEvents events,
                              FaultBackoff backoff, Clock clock, StopSignal stop, WithdrawalMetrics metrics,
                              ResolutionOutcomes resolutions, String payoutUrl) {
}
