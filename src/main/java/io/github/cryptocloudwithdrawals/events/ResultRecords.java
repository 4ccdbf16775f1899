package io.github.cryptocloudwithdrawals.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.routes.RouteContract;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Binds a result event to the Kafka record the route publishes: JSON value, {@code request_id}
 * key and CloudEvents 1.0 binary-mode headers, the command's own record headers kept; and tells
 * the route which topic it goes to ({@link RouteContract#RESULT_KIND}).
 */
public final class ResultRecords {

    /**
     * On a submission the resolutions route queued: the operator's resolution (the service's own
     * bookkeeping, never on an event). The events it leads to carry {@link #RESOLUTION} instead.
     */
    public static final String FORWARDED_RESOLUTION = "withdrawals-resolution";
    /** On an event whose result an operator's resolution decided: {@code paid} or {@code not_paid}. */
    public static final String RESOLUTION = "resolution";

    private final String source;
    private final ResultObserver observer;

    /**
     * @param source   the CloudEvents {@code ce_source} of every event this service publishes
     * @param observer told of every event bound
     */
    public ResultRecords(String source, ResultObserver observer) {
        this.source = source;
        this.observer = observer;
    }

    /** Makes the exchange's message the Kafka record of this event. */
    public void writeTo(Exchange exchange, ResultEvent event) {
        Message message = exchange.getMessage();
        exchange.setProperty(RouteContract.RESULT_KIND, event.kind().name());
        message.setBody(json(event.body()));
        if (event.requestId() == null) {
            message.removeHeader(KafkaConstants.KEY);
            message.removeHeader("ce_subject");
        } else {
            message.setHeader(KafkaConstants.KEY, event.requestId());
            message.setHeader("ce_subject", event.requestId());
        }
        message.setHeader("ce_specversion", "1.0");
        message.setHeader("ce_id", event.cloudEventId());
        message.setHeader("ce_source", source);
        message.setHeader("ce_type", event.kind().cloudEventType());
        message.setHeader("ce_time", ResultEvents.timestamp(event.time()));
        if (event.replayed()) {
            message.setHeader("replayed", "true");
        } else {
            message.removeHeader("replayed");
        }
        // Kafka header names are case-sensitive: drop every spelling of Content-Type so the record
        // carries exactly the one lower-case name CloudEvents' Kafka binding uses.
        message.getHeaders().keySet().removeIf("content-type"::equalsIgnoreCase);
        message.setHeader("content-type", "application/json");
        // the intake's mark on a submission is the service's own bookkeeping, not the command's
        message.removeHeader(DeploymentStamp.HEADER);
        message.removeHeader(FORWARDED_RESOLUTION);
        String resolution = event.body().path("resolution").path("resolution").asText(null);
        if (resolution == null) {
            message.removeHeader(RESOLUTION);
        } else {
            message.setHeader(RESOLUTION, resolution);
        }
        observer.publishing(event, message.getHeader(KafkaConstants.TIMESTAMP, Long.class));
    }

    private static String json(ObjectNode body) {
        try {
            return JsonMapping.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event body could not be serialized", e);
        }
    }
}
