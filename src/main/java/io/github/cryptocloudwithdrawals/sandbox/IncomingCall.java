package io.github.cryptocloudwithdrawals.sandbox;

/**
 * A call to the payout endpoint as an answer sees it.
 *
 * @param tooSoon whether it arrived within the minimum interval after the previous call with the
 *                same API key
 */
record IncomingCall(RecordedRequest request, boolean tooSoon) {
}
