package io.github.cryptocloudwithdrawals.submission;

/** Capped exponential backoff for holding a command while CryptoCloud is unavailable. */
public record FaultBackoff(long initialMillis, long maxMillis) {

    /** @param faultsInARow how many calls in a row were not executed; 0 means no wait */
    public long delayMillis(int faultsInARow) {
        if (faultsInARow <= 0) {
            return 0;
        }
        long delay = initialMillis << Math.min(faultsInARow - 1, 30);
        return Math.min(delay, maxMillis);
    }
}
