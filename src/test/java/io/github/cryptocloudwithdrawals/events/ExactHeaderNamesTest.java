package io.github.cryptocloudwithdrawals.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * A result event's {@code content-type} header keeps its spelling on a started Camel context, as
 * the CloudEvents Kafka binding needs; Camel's default header map respells it. The second test
 * fails once Camel keeps names as given: then {@link ExactHeaderNames} can go.
 */
class ExactHeaderNamesTest {

    @Test
    void aHeaderKeepsTheNameItWasSetUnderAndIsStillFoundIgnoringCase() {
        Message message = messageOfAStartedContext(true);
        message.setHeader("Content-Type", "text/plain");
        message.removeHeader("CONTENT-TYPE");
        message.setHeader("content-type", "application/json");

        assertThat(message.getHeaders().keySet()).containsExactly("content-type");
        assertThat(message.getHeader("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void camelsOwnHeaderMapRespellsANameLikeOneOfItsOwn() {
        Message message = messageOfAStartedContext(false);
        message.setHeader("content-type", "application/json");

        assertThat(message.getHeaders().keySet()).as("Camel 4.22.0's CaseInsensitiveMap").containsExactly("Content-Type");
    }

    private static Message messageOfAStartedContext(boolean exactNames) {
        CamelContext context = new DefaultCamelContext();
        if (exactNames) {
            context.getCamelContextExtension().setHeadersMapFactory(new ExactHeaderNames());
        }
        context.start();
        Message message = new DefaultExchange(context).getMessage();
        context.stop();
        return message;
    }
}
