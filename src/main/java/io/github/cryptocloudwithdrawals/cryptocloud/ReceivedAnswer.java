package io.github.cryptocloudwithdrawals.cryptocloud;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What came back from one payout call, read once for {@link AnswerForm} to recognise: the HTTP
 * status and the body, or the failure that left no answer.
 *
 * <p>CryptoCloud's bodies are envelopes: {@code {"status":"success"|"error","result":{...}}}, the
 * object under {@code data} in an older version of its pages; or {@code {"detail":"..."}} from its
 * web framework.
 *
 * @param httpStatus    the status, {@code null} when no answer came
 * @param body          parsed JSON; a text node (cut at 4096 characters) when it is not JSON this
 *                      service reads; {@code null} when empty or when no answer came
 * @param json          the body is one JSON document (even one this service does not hold as
 *                      JSON, too deep or with a number beyond {@code BigDecimal}): what the API's
 *                      framework answers, unlike a proxy's or a web server's page or an empty body
 * @param claimsSuccess the body says {@code "status":"success"} at its top level, even where it
 *                      could not be read whole (a number beyond {@code BigDecimal}, a name given
 *                      twice, content after the document): an answer that may claim success is
 *                      never read as a refusal
 * @param failure       why no answer came, {@code null} when one did
 */
record ReceivedAnswer(Integer httpStatus, JsonNode body, boolean json, boolean claimsSuccess, Exception failure) {

    /** Bodies are echoed into events; an HTML error page does not need to be echoed whole. */
    private static final int MAX_TEXT_BODY_CHARS = 4096;

    /**
     * Deeper JSON is kept as text: the event that echoes a body adds levels of its own, and Jackson
     * writes no more than 1000.
     */
    private static final int MAX_NESTING_DEPTH = 100;

    /** The service's JSON parser settings, nesting limited (above). */
    private static final JsonFactory PARSERS = JsonMapping.MAPPER.getFactory().rebuild()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    /**
     * The service's JSON configuration, refusing content after the document, so that
     * {@code {"status":"success",...}<html>} is not read as a success.
     */
    private static final ObjectReader READER = JsonMapping.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Reads the structure only, numbers left unconverted (of any length) and names not checked, at
     * any depth: whether a body is JSON at all, and what its top level claims.
     */
    private static final JsonFactory SCANNER = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    static ReceivedAnswer response(int httpStatus, String body) {
        JsonNode json = parse(body);
        if (json != null) {
            return new ReceivedAnswer(httpStatus, json, true, isSuccessEnvelope(json), null);
        }
        JsonNode text = body == null || body.isEmpty() ? null
                : new TextNode(body.length() > MAX_TEXT_BODY_CHARS ? body.substring(0, MAX_TEXT_BODY_CHARS) : body);
        return new ReceivedAnswer(httpStatus, text, isJsonDocument(body), topLevelStatusSuccess(body), null);
    }

    static ReceivedAnswer noAnswer(Exception failure) {
        return new ReceivedAnswer(null, null, false, false, failure);
    }

    boolean answered() {
        return httpStatus != null;
    }

    boolean statusIn(int from, int to) {
        return answered() && httpStatus >= from && httpStatus <= to;
    }

    /** The envelope's {@code status} text, {@code null} when the body is no envelope. */
    String envelopeStatus() {
        JsonNode status = body instanceof ObjectNode object ? object.get("status") : null;
        return status != null && status.isTextual() ? status.textValue() : null;
    }

    /** The envelope's object: under {@code result}, else under {@code data}; {@code null} when neither. */
    ObjectNode envelopeObject() {
        if (!(body instanceof ObjectNode object)) {
            return null;
        }
        if (object.get("result") instanceof ObjectNode result) {
            return result;
        }
        return object.get("data") instanceof ObjectNode data ? data : null;
    }

    /** The {@code key -> message} pairs of an error envelope, in order; empty for any other body. */
    Map<String, String> errors() {
        ObjectNode object = "error".equals(envelopeStatus()) ? envelopeObject() : null;
        if (object == null) {
            return Map.of();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> errors.put(field.getKey(), field.getValue().isValueNode()
                ? field.getValue().asText() : field.getValue().toString()));
        return errors;
    }

    boolean namesError(String key) {
        return errors().containsKey(key);
    }

    /** The text of a {@code {"detail": "..."}} body, {@code null} for any other body. */
    String detail() {
        JsonNode detail = body instanceof ObjectNode object ? object.get("detail") : null;
        return detail != null && detail.isTextual() ? detail.textValue() : null;
    }

    /** A success's invoice id: {@code invoice_id}, else {@code uuid}, of its object; {@code null} when none. */
    String invoiceId() {
        ObjectNode object = claimsSuccess() ? envelopeObject() : null;
        if (object == null) {
            return null;
        }
        String invoiceId = text(object, "invoice_id");
        return invoiceId != null ? invoiceId : text(object, "uuid");
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }

    private static boolean isSuccessEnvelope(JsonNode json) {
        JsonNode status = json instanceof ObjectNode object ? object.get("status") : null;
        return status != null && "success".equals(status.textValue());
    }

    /** Whether any top-level {@code status} of the body's first JSON object is "success", read as far as it goes. */
    private static boolean topLevelStatusSuccess(String body) {
        try (JsonParser parser = SCANNER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean status = "status".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (status && value == JsonToken.VALUE_STRING && "success".equals(parser.getText())) {
                    return true;
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            // the claim, if any, came before what cannot be read
        }
        return false;
    }

    /** Whether the body is one JSON document and nothing more, read without holding it (any depth, any number). */
    private static boolean isJsonDocument(String body) {
        if (body == null || body.isEmpty()) {
            return false;
        }
        try (JsonParser parser = SCANNER.createParser(body)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The body as JSON; {@code null} when it is empty, not JSON, or JSON this service cannot hold (kept as text). */
    private static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try (JsonParser parser = PARSERS.createParser(body)) {
            JsonNode json = READER.readTree(parser);
            return json == null || json.isMissingNode() ? null : json;
        } catch (IOException | NumberFormatException e) {
            // Not JSON, or JSON this service cannot hold: Jackson reports a number beyond BigDecimal
            // (1e99999999999) as a NumberFormatException.
            return null;
        }
    }
}
