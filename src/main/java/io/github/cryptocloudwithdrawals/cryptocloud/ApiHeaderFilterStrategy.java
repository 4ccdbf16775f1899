package io.github.cryptocloudwithdrawals.cryptocloud;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Lets exactly the headers the payout call needs reach CryptoCloud, and no response header back
 * into the exchange. Without it, every Kafka record header of the command would be sent to the
 * API, and the API's headers would end up on the result event.
 */
public final class ApiHeaderFilterStrategy implements HeaderFilterStrategy {

    private static final Set<String> SENT = Set.of("authorization", "content-type");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !SENT.contains(headerName.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}
