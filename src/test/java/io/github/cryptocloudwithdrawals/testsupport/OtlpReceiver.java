package io.github.cryptocloudwithdrawals.testsupport;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector's trace endpoint as the OpenTelemetry Java agent exports to it by
 * default: OTLP over HTTP, protobuf bodies ({@code POST /v1/traces}, {@code ExportTraceServiceRequest}),
 * on 127.0.0.1. It keeps every span it received, flattened to what the tests look at, or, for a
 * benchmark's flood, only counts them ({@link #counting()}): 100,000 kept spans are hundreds of MiB,
 * and in the benchmark's JVM they slowed every later measurement there (broker included) with
 * longer collections.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One span: ids in lower-case hex as in a W3C {@code traceparent}; every attribute as text. */
    public record Span(String traceId, String spanId, String parentSpanId, String name, String kind,
                       Map<String, String> attributes, List<String> eventAttributeValues) {

        /** Every text the span carries: its name, its attributes' keys and values, and its events'. */
        public String allText() {
            return name + " " + attributes + " " + eventAttributeValues;
        }
    }

    private final HttpServer server;
    private final boolean keepSpans;
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final AtomicLong received = new AtomicLong();

    private OtlpReceiver(HttpServer server, boolean keepSpans) {
        this.server = server;
        this.keepSpans = keepSpans;
    }

    /** A receiver that keeps every span ({@link #spans()}). */
    public static OtlpReceiver start() {
        return start(true);
    }

    /** A receiver that only counts the spans it receives ({@link #spanCount()}). */
    public static OtlpReceiver counting() {
        return start(false);
    }

    private static OtlpReceiver start(boolean keepSpans) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server, keepSpans);
            server.createContext("/v1/traces", receiver::receive);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the OTLP receiver", e);
        }
    }

    /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} names: the agent appends {@code /v1/traces}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Span> spans() {
        return List.copyOf(spans);
    }

    public long spanCount() {
        return received.get();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            request.getResourceSpansList().forEach(resource -> resource.getScopeSpansList().forEach(scope -> {
                received.addAndGet(scope.getSpansCount());
                if (keepSpans) {
                    scope.getSpansList().forEach(span -> spans.add(new Span(hex(span.getTraceId()),
                            hex(span.getSpanId()), hex(span.getParentSpanId()), span.getName(), span.getKind().name(),
                            text(span.getAttributesList()), span.getEventsList().stream()
                                    .flatMap(event -> text(event.getAttributesList()).values().stream()).toList())));
                }
            }));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, attribute -> text(attribute.getValue()),
                (first, second) -> first + "," + second));
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::text)
                    .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE -> text(value.getKvlistValue().getValuesList()).toString();
            case BYTES_VALUE -> value.getBytesValue().toStringUtf8();
            default -> "";
        };
    }

    private static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
