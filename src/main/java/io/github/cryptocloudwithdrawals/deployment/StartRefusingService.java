package io.github.cryptocloudwithdrawals.deployment;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A service started before the routes that may refuse the start of a deployment whose Kafka
 * history is not its own: the refusal vetoes the start of the Camel context it was added to, and
 * the service exits with one line (Camel 4.22's veto must name that context).
 */
public abstract class StartRefusingService extends ServiceSupport implements CamelContextAware {

    private CamelContext camelContext;

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** What {@code doStart} throws to refuse the start, with the line the operator reads. */
    protected VetoCamelContextStartException refusal(String message) {
        return new VetoCamelContextStartException(message, camelContext, true);
    }
}
