package io.github.cryptocloudwithdrawals.submission;

/**
 * One record of an account's queue, as the submission stage reads it: the route's exchange
 * becomes this once, at the route's first step ({@link PayoutSubmission#receive}).
 *
 * @param id                  which record ("partition@offset"): a crash's redelivery of a decided
 *                            submission is told from a duplicate by it
 * @param queue               the account's queue, for messages
 * @param value               the command as the intake passed it on, byte for byte
 * @param stamp               the commands topic of the deployment that queued it ({@code null}: an
 *                            earlier version's, this deployment's)
 * @param forwardedResolution an operator's resolution queued with the request's command by the
 *                            resolutions route; {@code null} for a command
 */
public record Submission(String id, String queue, byte[] value, String stamp, String forwardedResolution) {
}
