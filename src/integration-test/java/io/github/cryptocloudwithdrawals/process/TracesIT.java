package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.testsupport.OpenTelemetryAgent;
import io.github.cryptocloudwithdrawals.testsupport.OtlpReceiver;
import io.github.cryptocloudwithdrawals.testsupport.OtlpReceiver.Span;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged service with the OpenTelemetry Java agent attached, as the Kubernetes component
 * deploy/kubernetes/components/opentelemetry attaches it (its OTEL_ settings), exporting to an
 * OTLP receiver in this test: each command is one trace, continued from the {@code traceparent}
 * it was published with, through the intake, its account's queue and the API call to its result
 * event, whose {@code traceparent} is the service's span, not the copy of the command's. No span
 * carries the API key.
 */
@Timeout(180)
class TracesIT {

    @Test
    void eachCommandIsOneTraceContinuedFromItsProducerToItsResultEvent() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ProcessScenario scenario = new ProcessScenario("traces", TestKafka.bootstrapServers(), 200)) {
            OpenTelemetryAgent.environment(receiver.endpoint()).forEach(scenario::set);
            scenario.set("OTEL_BSP_SCHEDULE_DELAY", "100");
            // an agent cannot share a class-data archive of the jar (ServiceProcess.Launcher)
            ServiceProcess service = scenario.launchedBy(ProcessScenario.LAUNCHER.withoutClassDataArchive()).startService();
            String traceId = hex(16);
            String producerSpan = hex(8);
            String traceparent = "00-" + traceId + "-" + producerSpan + "-01";
            String paid = scenario.newCommand("traced");
            String invalid = "invalid-" + paid;

            scenario.publishRaw(paid, scenario.commandOf(paid), Map.of("traceparent", traceparent));
            scenario.publishRaw(invalid, "{\"request_id\":\"" + invalid + "\"}", Map.of("traceparent", traceparent));
            scenario.awaitResults(List.of(paid), WAIT);
            // neither a scrape nor a health probe is a trace of its own
            assertThat(service.management("/observe/metrics").statusCode()).isEqualTo(200);
            assertThat(service.management("/observe/health").statusCode()).isEqualTo(200);

            waitFor("the spans of both commands").atMost(WAIT).until(() -> spanOf(receiver, "POST").isPresent()
                    && spansOf(receiver, invalid).size() == 1 && spansOf(receiver, paid).size() == 2);
            Span intake = spansOf(receiver, paid).stream().filter(span -> span.name().equals("process "
                    + scenario.commandsTopic())).findFirst().orElseThrow();
            Span submission = spansOf(receiver, paid).stream().filter(span -> span.name().equals("process "
                    + scenario.submissionsTopic())).findFirst().orElseThrow();
            Span call = spanOf(receiver, "POST").orElseThrow();
            assertThat(List.of(intake, submission, call)).allSatisfy(span -> assertThat(span.traceId()).isEqualTo(traceId));
            assertThat(intake.parentSpanId()).isEqualTo(producerSpan);
            assertThat(intake.attributes()).containsEntry("withdrawals.outcome", "queued");
            assertThat(submission.parentSpanId()).as("the queue carries the intake's context").isEqualTo(intake.spanId());
            assertThat(submission.attributes()).containsEntry("withdrawals.outcome", "succeeded");
            assertThat(call.parentSpanId()).isEqualTo(submission.spanId());
            assertThat(call.kind()).isEqualTo("SPAN_KIND_CLIENT");
            RecordedRequest request = scenario.callsFor(paid).get(0);
            assertThat(request.header("traceparent")).startsWith("00-" + traceId + "-" + call.spanId());

            Event paidEvent = scenario.eventsFor(paid).get(0);
            assertThat(paidEvent.headers()).containsEntry("traceparent", "00-" + traceId + "-" + submission.spanId() + "-01");
            Span refusal = spansOf(receiver, invalid).get(0);
            assertThat(refusal.traceId()).isEqualTo(traceId);
            assertThat(refusal.parentSpanId()).isEqualTo(producerSpan);
            assertThat(refusal.attributes()).containsEntry("withdrawals.outcome", "failed")
                    .containsEntry("withdrawals.error_type", "validation");
            Event failure = scenario.eventsFor(invalid).get(0);
            assertThat(failure.headers()).containsEntry("traceparent", "00-" + traceId + "-" + refusal.spanId() + "-01");

            assertThat(receiver.spans()).as("every span belongs to the commands' trace").allSatisfy(span ->
                    assertThat(span.traceId()).isEqualTo(traceId));
            assertThat(receiver.spans()).hasSize(4);
            assertThat(request.header("Authorization")).isEqualTo("Token " + scenario.apiKey);
            assertThat(receiver.spans()).noneSatisfy(span -> assertThat(span.allText()).contains(scenario.apiKey));
        }
    }

    private static List<Span> spansOf(OtlpReceiver receiver, String requestId) {
        return receiver.spans().stream().filter(span -> requestId.equals(span.attributes().get("withdrawals.request_id")))
                .toList();
    }

    private static Optional<Span> spanOf(OtlpReceiver receiver, String name) {
        return receiver.spans().stream().filter(span -> span.name().equals(name)).findFirst();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
