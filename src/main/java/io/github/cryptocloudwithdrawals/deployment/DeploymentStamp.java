package io.github.cryptocloudwithdrawals.deployment;

import java.util.Optional;

/**
 * The mark a deployment puts on every record it writes to its internal topics (each submission,
 * each ledger record): its commands topic, in the record header {@link #HEADER}. Internal names
 * derive from the commands topic, so two deployments meet on one internal topic only when they
 * were given the same explicit name; the mark tells them apart, and a deployment never pays or
 * takes as its own history what another one wrote. Records of earlier versions carry no mark
 * and count as the deployment's own. The mark never reaches a result event.
 *
 * @param commandsTopic the commands topic of this deployment
 */
public record DeploymentStamp(String commandsTopic) {

    /** The record header holding the commands topic of the deployment that wrote the record. */
    public static final String HEADER = "withdrawals-deployment";

    /**
     * @param stamp a record's {@link #HEADER}, or {@code null} when it has none
     * @return the commands topic of the other deployment that wrote the record, or empty when
     * it is this deployment's record (or unmarked, from an earlier version)
     */
    public Optional<String> otherDeployment(String stamp) {
        return stamp == null || stamp.equals(commandsTopic) ? Optional.empty() : Optional.of(stamp);
    }

    /** Why a submission of another deployment is held: names the queue, the other deployment and the fix. */
    public String heldSubmission(String queue, String other) {
        return "the queue " + queue + " holds a submission of another deployment (commands topic " + other
                + "); it is held, never paid here: two deployments share this queue, give each its own "
                + "WITHDRAWAL_SUBMISSIONS_TOPIC (by default <commands topic>.submissions)";
    }

    /** Why start-up stops on a ledger another deployment wrote to: names the ledger, the other deployment and the fix. */
    public String sharedLedger(String ledger, String other) {
        return "the ledger " + ledger + " holds records of another deployment (commands topic " + other
                + "); two deployments must never share a ledger: give each its own WITHDRAWAL_LEDGER_TOPIC "
                + "(by default <commands topic>.ledger)";
    }
}
