package io.github.cryptocloudwithdrawals.submission;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Given once the service begins to stop, before Camel waits for the exchanges in progress: every
 * wait of the submission stage (a command's turn, a backoff, a held submission) waits on it, so a
 * stop ends the wait at once, and nothing polls to find out. The command whose wait it ends starts
 * no call and stays queued.
 */
public final class StopSignal {

    private final CountDownLatch stopping = new CountDownLatch(1);

    /** The service begins to stop. */
    public void stop() {
        stopping.countDown();
    }

    public boolean stopping() {
        return stopping.getCount() == 0;
    }

    /**
     * Waits this long, unless the service stops first.
     *
     * @return whether the wait was whole: false when the service began to stop
     */
    boolean waitFor(long nanos) {
        try {
            return !stopping.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the service stops. */
    void waitForTheStop() {
        while (!stopping()) {
            waitFor(Long.MAX_VALUE);
        }
    }
}
