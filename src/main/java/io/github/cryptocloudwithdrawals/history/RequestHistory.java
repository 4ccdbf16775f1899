package io.github.cryptocloudwithdrawals.history;

/**
 * What a payout decision reads of a request's history: where it stands, and which withdrawal its
 * id was first used for.
 *
 * @param fingerprint the first command's {@link Fingerprint}
 */
public record RequestHistory(RequestState state, long fingerprint) {
}
