package io.github.cryptocloudwithdrawals.testsupport;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility as the tests wait: the condition is checked at once and then every 10 ms (what they
 * wait for comes within milliseconds: a record, a call, a log line), and a timeout names what was
 * awaited. Each wait gives its own deadline with {@code atMost}.
 */
public final class Waits {

    public static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private Waits() {
    }

    /** A wait for {@code what}; its message on timeout names it. */
    public static ConditionFactory waitFor(String what) {
        return Awaitility.await(what).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL);
    }
}
