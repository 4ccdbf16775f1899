package io.github.cryptocloudwithdrawals.tracing;

import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * One trace per command when the OpenTelemetry Java agent is attached (docs/operations.md,
 * Traces): the intake and the submission each open a span for the command, the child of the
 * context its record carries in the W3C {@code traceparent} header, and write that span's context
 * on the record they send on (the queued submission, the result event), over the copy of the
 * command's header. The submission's span is current during the API call, so the agent's span of
 * the HTTP call is its child. The agent's own Kafka instrumentation cannot follow a command here:
 * the intake reads and sends batches, and Camel ends the agent's span of a record before
 * processing it. Without the agent the OpenTelemetry API does nothing: no span, no header written.
 */
public final class CommandTraces {

    private static final String SPAN = "withdrawalsTraceSpan";
    private static final String SCOPE = "withdrawalsTraceScope";

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public CommandTraces(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.github.cryptocloudwithdrawals");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Starts the span of the command the exchange's record carries; {@link #end} ends it. */
    public void start(Exchange exchange) {
        Message record = exchange.getMessage();
        String topic = record.getHeader(KafkaConstants.TOPIC, String.class);
        exchange.setProperty(SPAN, tracer.spanBuilder("process " + topic)
                .setParent(propagator.extract(Context.root(), record, HEADERS))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation.type", "process")
                .startSpan());
    }

    /** Starts the span of the command, ended when the exchange is done, on whichever thread. */
    public void startUntilDone(Exchange exchange) {
        start(exchange);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                end(done);
            }
        });
    }

    public void end(Exchange exchange) {
        exchange.getProperty(SPAN, Span.getInvalid(), Span.class).end();
    }

    /** Notes that the command went on to its account's queue, and writes the span's context on the queued record. */
    public void queued(Exchange exchange, String requestId) {
        carry(exchange, requestId, "queued", "none");
    }

    /** Notes the command's result on its span, and writes the span's context on the event's record. */
    public void result(Exchange exchange, ResultEvent event) {
        carry(exchange, event.requestId(), event.kind().name().toLowerCase(Locale.ROOT),
                event.body().path("error").path("type").asText("none"));
    }

    /** Over the copy of the command's context: a consumer of the record continues this span's trace. */
    private void carry(Exchange exchange, String requestId, String outcome, String errorType) {
        Span span = exchange.getProperty(SPAN, Span.getInvalid(), Span.class);
        if (requestId != null) {
            span.setAttribute("withdrawals.request_id", requestId);
        }
        span.setAttribute("withdrawals.outcome", outcome).setAttribute("withdrawals.error_type", errorType);
        if (span.getSpanContext().isValid()) {
            propagator.inject(Context.root().with(span), exchange.getMessage(), (record, name, value) ->
                    record.setHeader(name, value));
        }
    }

    /** Makes the span current on this thread until {@link #leave}, which the same thread calls. */
    public void enter(Exchange exchange) {
        exchange.setProperty(SCOPE, exchange.getProperty(SPAN, Span.getInvalid(), Span.class).makeCurrent());
    }

    public void leave(Exchange exchange) {
        Scope scope = exchange.getProperty(SCOPE, Scope.class);
        exchange.removeProperty(SCOPE);
        if (scope != null) {
            scope.close();
        }
    }

    /** Kafka record headers as Camel holds them: bytes as read, text as set. */
    private static final TextMapGetter<Message> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message record) {
            return record.getHeaders().keySet();
        }

        @Override
        public String get(Message record, String name) {
            Object value = record == null ? null : record.getHeader(name);
            return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : value == null ? null : value.toString();
        }
    };
}
