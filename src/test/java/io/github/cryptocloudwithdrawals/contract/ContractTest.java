package io.github.cryptocloudwithdrawals.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.testsupport.BundledSettings;
import io.github.cryptocloudwithdrawals.testsupport.Contract.Payload;
import io.github.cryptocloudwithdrawals.testsupport.Contract;
import io.github.cryptocloudwithdrawals.testsupport.Manual;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The contract files (contract/asyncapi.yaml, contract/schemas) agree with the code and the README:
 * the enumerations are the code's, the channels are the service's topics and settings, and every
 * sample the README and the AsyncAPI document show validates. That the events the service really
 * publishes validate is checked wherever a test reads them ({@code ResultTopics}).
 */
class ContractTest {

    private static final JsonNode ASYNCAPI = Contract.asyncApi();

    @Test
    void theCurrencyCodesAreTheFortyTheServicePaysOutIn() throws IOException {
        assertThat(texts(schemaFile(Payload.COMMAND).at("/$defs/currencyCode/enum")))
                .containsExactlyElementsOf(Arrays.stream(Currency.values()).map(Currency::code).toList())
                .hasSize(40);
    }

    @Test
    void theErrorTypesAreTheServicesAndTheFieldsAFailureNamesAreTheCommandsFields() throws IOException {
        JsonNode error = schemaFile(Payload.FAILED).at("/properties/error/properties");
        assertThat(texts(error.at("/type/enum")))
                .containsExactlyElementsOf(Arrays.stream(ErrorType.values()).map(ErrorType::wireName).toList());
        List<String> fields = new ArrayList<>(texts(error.at("/field/enum")));
        assertThat(fields.remove(null)).as("null: no field").isTrue();
        assertThat(fields).containsExactlyInAnyOrderElementsOf(iterable(schemaFile(Payload.COMMAND).path("properties").fieldNames()));
    }

    @Test
    void theCloudEventTypesAreTheServices() {
        JsonNode schemas = ASYNCAPI.at("/components/schemas");
        assertThat(texts(schemas.at("/resultHeaders/properties/ce_type/enum"))).containsExactly(
                ResultEvent.Kind.SUCCEEDED.cloudEventType(), ResultEvent.Kind.FAILED.cloudEventType());
        assertThat(schemas.at("/succeededHeaders/allOf/1/properties/ce_type/const").textValue())
                .isEqualTo(ResultEvent.Kind.SUCCEEDED.cloudEventType());
        assertThat(schemas.at("/failedHeaders/allOf/1/properties/ce_type/const").textValue())
                .isEqualTo(ResultEvent.Kind.FAILED.cloudEventType());
    }

    /** Each channel's address is the default of the setting its x-topic-setting names, as application.properties has it. */
    @Test
    void theChannelsAreTheServicesTopicsUnderTheSettingsThatRenameThem() throws IOException {
        Map<String, String> defaults = settingDefaults();
        DeploymentNames names = DeploymentNames.of(defaults.get("WITHDRAWAL_COMMANDS_TOPIC"), "", "");
        Map<String, String> expected = Map.of(
                "commands", names.commandsTopic(),
                "succeeded", defaults.get("WITHDRAWAL_SUCCEEDED_TOPIC"),
                "failed", defaults.get("WITHDRAWAL_FAILED_TOPIC"),
                // empty in the properties: derived from the commands topic
                "resolutions", names.resolutionsTopic());
        assertThat(iterable(ASYNCAPI.path("channels").fieldNames())).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((channel, topic) -> {
            JsonNode node = ASYNCAPI.path("channels").path(channel);
            assertThat(node.path("address").textValue()).as(channel).isEqualTo(topic);
            assertThat(defaults).as(channel).containsKey(node.path("x-topic-setting").textValue());
        });
        assertThat(defaults.get("WITHDRAWAL_RESOLUTIONS_TOPIC")).isEmpty();
        assertThat(ASYNCAPI.at("/operations/receiveCommands/bindings/kafka/groupId/default").textValue())
                .isEqualTo(defaults.get("KAFKA_GROUP_ID"));
        assertThat(ASYNCAPI.at("/operations/receiveResolutions/bindings/kafka/groupId/default").textValue())
                .isEqualTo(names.resolverGroup());
        assertThat(ASYNCAPI.at("/components/schemas/resultHeaders/properties/ce_source/description").textValue())
                .contains("WITHDRAWAL_EVENT_SOURCE, default " + defaults.get("WITHDRAWAL_EVENT_SOURCE") + ".");
    }

    @Test
    void everySchemaIsJsonSchema202012WithItsOwnId() throws IOException {
        for (Payload payload : Payload.values()) {
            JsonNode schema = schemaFile(payload);
            assertThat(schema.path("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("$id").textValue())
                    .isEqualTo("https://cryptocloudwithdrawals.github.io/contract/schemas/" + payload.file());
            assertThat(schema.path("description").textValue()).as(payload.file()).isNotBlank();
        }
    }

    /** Every example of a message validates against the message's payload and headers, and covers what the channel carries. */
    @Test
    void theAsyncApiExamplesValidateAgainstTheSchemas() {
        JsonNode messages = ASYNCAPI.at("/components/messages");
        List<String> problems = new ArrayList<>();
        for (String name : iterable(messages.fieldNames())) {
            var payloadSchema = Contract.asyncApiSchema("/components/messages/" + name + "/payload");
            var headersSchema = messages.path(name).has("headers")
                    ? Contract.asyncApiSchema("/components/messages/" + name + "/headers") : null;
            JsonNode examples = messages.path(name).path("examples");
            assertThat(examples.size()).as(name + " examples").isPositive();
            for (JsonNode example : examples) {
                String where = name + " example " + example.path("name").textValue() + ": ";
                Contract.problems(payloadSchema, example.path("payload")).forEach(p -> problems.add(where + p));
                if (headersSchema != null && example.has("headers")) {
                    Contract.problems(headersSchema, example.path("headers")).forEach(p -> problems.add(where + "headers " + p));
                }
                if (name.equals("succeeded") || name.equals("failed")) {
                    Map<String, String> headers = new HashMap<>();
                    example.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().textValue()));
                    JsonNode payload = example.path("payload");
                    Contract.resultEventProblems(name.equals("succeeded") ? Payload.SUCCEEDED : Payload.FAILED,
                            payload.path("request_id").textValue(), headers, payload).forEach(p -> problems.add(where + p));
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(messages.at("/failed/examples").findValuesAsText("type"))
                .as("a failure example of every error type").containsAll(texts(schemaFileUnchecked(Payload.FAILED)
                        .at("/properties/error/properties/type/enum")));
        assertThat(messages.at("/succeeded/examples").findValues("headers")).as("a replay and a resolution among the successes")
                .anyMatch(headers -> headers.has("replayed")).anyMatch(headers -> headers.has("resolution"));
    }

    /**
     * The commands, events and resolutions the README and the manual show validate: each JSON
     * object that starts with {@code {"request_id"} (not inside another), by what it holds, and the
     * resolution an event echoes.
     */
    @Test
    void theManualsSamplesValidate() throws IOException {
        String readme = Manual.allText();
        List<String> problems = new ArrayList<>();
        Map<Payload, Integer> seen = new HashMap<>();
        int end = 0;
        for (int at = readme.indexOf("{\"request_id\""); at >= 0; at = readme.indexOf("{\"request_id\"", Math.max(at + 1, end))) {
            if (at < end) {
                continue;
            }
            JsonNode sample;
            try (JsonParser parser = JsonMapping.MAPPER.createParser(readme.substring(at))) {
                sample = JsonMapping.MAPPER.readTree(parser);
                end = at + (int) parser.currentLocation().getCharOffset();
            }
            Payload payload = sample.has("error") ? Payload.FAILED : sample.has("invoice_id") && sample.has("status")
                    ? Payload.SUCCEEDED : sample.path("resolution").isTextual() ? Payload.RESOLUTION : Payload.COMMAND;
            seen.merge(payload, 1, Integer::sum);
            payload.problems(sample).forEach(p -> problems.add(payload + " " + sample + ": " + p));
        }
        int echo = readme.indexOf("\"resolution\": {\"resolution\"");
        try (JsonParser parser = JsonMapping.MAPPER.createParser(readme.substring(readme.indexOf('{', echo)))) {
            Contract.problems(Contract.schema("schemas/resolution.schema.json#/$defs/applied"),
                    JsonMapping.MAPPER.readTree(parser)).forEach(p -> problems.add("the resolution an event echoes: " + p));
        }
        assertThat(problems).isEmpty();
        assertThat(seen).as("samples of each kind in the manual").containsOnlyKeys(Payload.values());
    }

    private static JsonNode schemaFile(Payload payload) throws IOException {
        return JsonMapping.MAPPER.readTree(Contract.DIR.resolve("schemas").resolve(payload.file()).toFile());
    }

    private static JsonNode schemaFileUnchecked(Payload payload) {
        try {
            return schemaFile(payload);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The defaults of application.properties, under the environment variables that set them. */
    private static Map<String, String> settingDefaults() throws IOException {
        Properties properties = BundledSettings.load();
        Map<String, String> defaults = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> defaults.put(
                key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), properties.getProperty(key).strip()));
        return defaults;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::textValue).toList();
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
