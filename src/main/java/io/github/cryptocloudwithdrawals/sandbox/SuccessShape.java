package io.github.cryptocloudwithdrawals.sandbox;

/**
 * CryptoCloud's own page documents two different success bodies for the payout call; the sandbox
 * can answer with either so clients are tested against both.
 */
public enum SuccessShape {
    /** The full invoice object of the page's sample response: {@code uuid}, nested {@code currency}, … */
    LONG,
    /** The page's parameter table: {@code invoice_id}, {@code status}, {@code currency} code, {@code amount}. */
    SHORT
}
