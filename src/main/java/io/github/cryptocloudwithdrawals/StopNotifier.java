package io.github.cryptocloudwithdrawals;

import io.github.cryptocloudwithdrawals.submission.StopSignal;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Gives the submission stage's {@link StopSignal} as soon as Camel begins to stop, before it waits
 * for the exchanges in progress: a command waiting for its turn then stops waiting at once.
 */
final class StopNotifier extends EventNotifierSupport {

    private final StopSignal stop;

    StopNotifier(StopSignal stop) {
        this.stop = stop;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        stop.stop();
    }
}
