package io.github.cryptocloudwithdrawals.sandbox;

/**
 * CryptoCloud's own pages document several success bodies for the payout call; the sandbox can
 * answer with any of them so clients are tested against each.
 */
public enum SuccessShape {
    /** The full invoice object of the page's sample response under {@code result}: {@code uuid}, nested {@code currency}, … */
    LONG,
    /** The page's parameter table under {@code result}: {@code invoice_id}, {@code status}, {@code currency} code, {@code amount}. */
    SHORT,
    /** The same short object under {@code data}, as an older version of the page shows it. */
    DATA
}
