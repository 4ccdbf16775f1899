package io.github.cryptocloudwithdrawals.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The contract integrators build on ({@code contract/}: the AsyncAPI document and the JSON Schemas
 * of the payloads), as the tests hold the service to it: a value against its schema, and a result
 * event against its schema and the headers and key the AsyncAPI document gives its channel.
 */
public final class Contract {

    /** The contract's folder; tests run from the project's root. */
    public static final Path DIR = Path.of("contract").toAbsolutePath();
    public static final Path ASYNCAPI = DIR.resolve("asyncapi.yaml");
    /**
     * Where the schemas' {@code $id}s point: every IRI under it is read from {@link #DIR} (the
     * AsyncAPI document's too, so that its relative references resolve as they do in the folder),
     * and nothing is fetched from anywhere else.
     */
    private static final String ID_BASE = "https://cryptocloudwithdrawals.github.io/contract/";
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry
                    .schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemas(Contract::read)
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    /** The payloads, each with its schema file, and the event's headers with the AsyncAPI message's schema of them. */
    public enum Payload {
        COMMAND(null), SUCCEEDED("succeededHeaders"), FAILED("failedHeaders"), RESOLUTION(null);

        private final Schema schema = schema("schemas/" + file());
        private final Schema headers;

        Payload(String headersSchema) {
            headers = headersSchema == null ? null : asyncApiSchema("/components/schemas/" + headersSchema);
        }

        public String file() {
            return name().toLowerCase(Locale.ROOT) + ".schema.json";
        }

        /** The value's departures from the schema, each with where it is; empty when it validates. */
        public List<String> problems(JsonNode value) {
            return Contract.problems(schema, value);
        }
    }

    private Contract() {
    }

    /** The AsyncAPI document as a tree. */
    public static JsonNode asyncApi() {
        try {
            return new YAMLMapper().readTree(ASYNCAPI.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A schema of the AsyncAPI document, by its JSON pointer, e.g. {@code /components/schemas/failedHeaders}. */
    public static Schema asyncApiSchema(String pointer) {
        return schema(ASYNCAPI.getFileName() + "#" + pointer);
    }

    /** A schema of the contract by its place in the folder, e.g. {@code schemas/resolution.schema.json#/$defs/applied}. */
    public static Schema schema(String relative) {
        return SCHEMAS.getSchema(SchemaLocation.of(ID_BASE + relative));
    }

    /** The value's departures from the schema, each with where it is; empty when it validates. */
    public static List<String> problems(Schema schema, JsonNode value) {
        return describe(schema.validate(value));
    }

    /** The text of a file of the contract by its IRI; {@code null} (not found) for any other IRI. */
    private static String read(String iri) {
        if (!iri.startsWith(ID_BASE)) {
            return null;
        }
        try {
            return Files.readString(DIR.resolve(iri.substring(ID_BASE.length())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Everything in a result event as published that the contract does not allow: its body
     * against {@code succeeded}/{@code failed.schema.json}, its headers against the AsyncAPI
     * message's, its key and {@code ce_subject} (the {@code request_id}, absent when it is null).
     *
     * @param payload {@link Payload#SUCCEEDED} or {@link Payload#FAILED}: which topic it came on
     */
    public static List<String> resultEventProblems(Payload payload, String key, Map<String, String> headers, JsonNode body) {
        List<String> problems = new ArrayList<>(payload.problems(body));
        ObjectNode headerValues = JsonMapping.MAPPER.createObjectNode();
        headers.forEach(headerValues::put);
        describe(payload.headers.validate(headerValues)).forEach(problem -> problems.add("headers: " + problem));
        String requestId = body.path("request_id").textValue();
        if (!Objects.equals(key, requestId)) {
            problems.add("the record key is " + key + ", not the request_id " + requestId);
        }
        if (!Objects.equals(headers.get("ce_subject"), requestId)) {
            problems.add("ce_subject is " + headers.get("ce_subject") + ", not the request_id " + requestId);
        }
        return problems;
    }

    private static List<String> describe(List<Error> errors) {
        return errors.stream().map(error -> error.getInstanceLocation() + ": " + error.getMessage()
                + " (schema " + error.getSchemaLocation() + ")").toList();
    }
}
