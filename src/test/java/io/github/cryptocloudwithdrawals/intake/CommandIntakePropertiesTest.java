package io.github.cryptocloudwithdrawals.intake;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.cryptocloudwithdrawals.account.KnownAccounts;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.events.ResultRecords;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.testsupport.Contract;
import io.github.cryptocloudwithdrawals.validation.AmountLimits;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import io.github.cryptocloudwithdrawals.validation.address.AddressValidator;
import io.github.cryptocloudwithdrawals.validation.address.AddressValidatorTest;
import java.math.BigDecimal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Property-based tests of the intake's check, the one place every record value is judged (the
 * submission stage judges its queue with the same check). Whatever arrives, the check gives
 * exactly one answer without an exception: the command accepted, or one failure event that can
 * be written and published; and it accepts nothing that breaks a rule of the README, nor
 * anything the command schema (contract/schemas/command.schema.json) refuses. The rules are
 * restated here independently of the implementation (string and character tests rather than its
 * regular expressions and scale arithmetic).
 */
class CommandIntakePropertiesTest {

    private static final BigDecimal USDT_TRC20_MAXIMUM = new BigDecimal("10000");
    private static final String ACCOUNT = "treasury";
    private static final Set<String> FIELDS = Set.of("request_id", "account", "currency_code", "to_address", "amount",
            "metadata");
    /** Lookalikes, invisible and control characters, other scripts' digits: what a careless or hostile producer sends. */
    private static final List<String> CONFUSABLES = List.of("\u0410", "\u0430", "\u041e", "\u043e", "\u0441", "\u0435",
            "\u0440", "\u0445", "\u0422", "\u03bf", "\u0391", "\uff10", "\uff11", "\uff15", "\u0660", "\u0661", "\u06f5",
            "\u0966", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", "\u202e", "\u2066", "\u0000", "\u0007",
            "\n", "\t", "\u007f", "\u0085", "\u2028", "\u0301", "l", "I", "1", "0", "O", " ", "\ud835\udfcf",
            "\udb40\udc20", "\ud800", "\"", "\\", "+", "-", ".", "e", "E", "_", ",");
    private static final List<String> ODD_AMOUNT_STRINGS = List.of("+1.75", " 1.5", "1.5 ", "1.", ".5", "1_000", "1,5",
            "0x10", "1e2", "1E-2", "NaN", "Infinity", "", "-", "\u0661\u0662", "\uff11\uff12", "1\u200b", "--1", "1.2.3",
            "-1", "-0", "0", "0.0000000", "1" + "0".repeat(18), "0." + "0".repeat(63) + "1", "1".repeat(65), "1d",
            "0" + "1".repeat(64));
    private static final List<String> EXPONENTS = List.of("63", "64", "65", "999", "9999", "10000", "999999999",
            "2147483647", "2147483648", "9999999999", "00000000000000000005");

    /**
     * Reads the shape of a record value as the README says a record is read: one JSON object, no
     * name twice, nothing after it. Numbers are read as doubles, whatever their size: their exact
     * values are taken from their text ({@link #numberTexts}), as a number's size is a field's business.
     */
    private static final ObjectMapper ORACLE = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Reads numbers exactly, whatever their length, for the schema's bounds on an amount. */
    private static final ObjectMapper EXACT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final CamelContext CAMEL = new DefaultCamelContext();

    private final CommandCheck intake = new CommandCheck(new CommandReader(),
            new CommandValidator(AmountLimits.parse("WITHDRAWAL_MAX_AMOUNTS", "USDT_TRC20:" + USDT_TRC20_MAXIMUM.toPlainString()),
                    KnownAccounts.of(Set.of(ACCOUNT), true)),
            new ResultEvents(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC)));

    // --- the properties ------------------------------------------------------------------------

    @Property(tries = 600)
    void arbitraryBytesGetExactlyOneAnswer(@ForAll("anyBytes") byte[] value) {
        Statistics.collect(answer(value));
    }

    @Property(tries = 600)
    void arbitraryJsonValuesGetExactlyOneAnswer(@ForAll("anyJson") String json) {
        Statistics.collect(answer(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 300)
    void validCommandsAreAccepted(@ForAll("validCommands") Draft command) {
        assertThat(answer(command.bytes())).as(command.text()).isEqualTo("accepted");
    }

    @Property(tries = 2500)
    void mutatedCommandsGetExactlyOneAnswerAndNoneBreakingARuleIsAccepted(@ForAll("mutatedCommands") Draft command) {
        Statistics.label("answer").collect(answer(command.bytes()));
        Statistics.label("answer").coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p > 3);
            coverage.check("malformed").percentage(p -> p > 10);
            coverage.check("validation").percentage(p -> p > 10);
        });
    }

    /**
     * Checks the value: no exception, and the answer obeys the README. Returns which answer it
     * was, for the statistics.
     */
    private String answer(byte[] value) {
        CommandCheck.Checked checked = intake.check(value);
        if (checked instanceof CommandCheck.Accepted accepted) {
            assertBreaksNoRule(value, accepted.command());
            assertTheSchemaAccepts(value);
            return "accepted";
        }
        ResultEvent failure = ((CommandCheck.Refused) checked).failure();
        assertIsOnePublishableFailure(value, failure);
        return failure.body().get("error").get("type").textValue();
    }

    // --- what an answer must be ----------------------------------------------------------------

    private static void assertIsOnePublishableFailure(byte[] value, ResultEvent failure) {
        assertThat(failure.kind()).isEqualTo(ResultEvent.Kind.FAILED);
        Exchange exchange = new DefaultExchange(CAMEL);
        new ResultRecords("urn:test", (event, commandTimestamp) -> { }).writeTo(exchange, failure);
        String written = exchange.getMessage().getBody(String.class);
        assertThat(written.getBytes(StandardCharsets.UTF_8).length).as("event size").isLessThan(1024 * 1024);
        JsonNode event = parse(new ObjectMapper(), written).orElseThrow(() -> new AssertionError("not JSON: " + written));
        assertThat(event.get("retryable").booleanValue()).isFalse();
        assertThat(event.get("error").get("message").textValue()).isNotBlank();
        String type = event.get("error").get("type").textValue();
        Optional<JsonNode> command = oneObjectWithinTheLimits(value);
        if (type.equals("malformed")) {
            assertThat(command).as("malformed, yet one JSON object within the limits").isEmpty();
            assertThat(event.get("command").isNull()).isTrue();
            assertThat(event.get("request_id").isNull()).isTrue();
            assertRawShows(event, value);
        } else {
            assertThat(type).isEqualTo("validation");
            assertThat(command).as("one JSON object within the limits").isPresent();
            JsonNode sentId = command.get().path("request_id");
            if (sentId.isTextual() && isRequestId(sentId.textValue())) {
                assertThat(event.get("request_id").textValue()).as("the request kept").isEqualTo(sentId.textValue());
            }
            assertThat(FIELDS).contains(event.get("error").get("field").textValue());
            assertThat(event.get("command").isObject()).isTrue();
            JsonNode requestId = event.get("request_id");
            assertThat(requestId.isNull() || isRequestId(requestId.textValue())).as("request_id %s", requestId).isTrue();
        }
    }

    private static void assertRawShows(JsonNode event, byte[] value) {
        if (value == null) {
            assertThat(event.get("raw").isNull()).isTrue();
            return;
        }
        Optional<String> text = CommandReader.strictUtf8(value);
        boolean cut = event.get("raw_truncated").booleanValue();
        if (text.isPresent()) {
            assertThat(event.has("raw_encoding")).isFalse();
            assertThat(cut ? text.get().startsWith(event.get("raw").textValue()) : text.get().equals(event.get("raw").textValue()))
                    .as("raw is the value").isTrue();
        } else {
            assertThat(event.get("raw_encoding").textValue()).isEqualTo("base64");
            byte[] decoded = Base64.getDecoder().decode(event.get("raw").textValue());
            assertThat(cut ? Arrays.equals(decoded, 0, decoded.length, value, 0, decoded.length)
                    : Arrays.equals(decoded, value)).as("raw is the value in base64").isTrue();
        }
    }

    /** Every rule of the README's "Command" section and of what makes a record malformed. */
    private static void assertBreaksNoRule(byte[] value, WithdrawalCommand command) {
        assertThat(value.length).as("value size").isLessThanOrEqualTo(64 * 1024);
        String text = CommandReader.strictUtf8(value).orElseThrow(() -> new AssertionError("accepted a value that is not UTF-8"));
        JsonNode json = oneObjectWithinTheLimits(value)
                .orElseThrow(() -> new AssertionError("accepted a value that is not one JSON object within the limits: " + text));

        JsonNode requestId = json.get("request_id");
        assertThat(requestId.isTextual() && isRequestId(requestId.textValue())).as("request_id %s", requestId).isTrue();
        assertThat(command.requestId()).isEqualTo(requestId.textValue());

        JsonNode account = json.get("account");
        if (account == null || account.isNull()) {
            assertThat(command.account()).isNull();
        } else {
            assertThat(account.textValue()).isEqualTo(ACCOUNT);
            assertThat(command.account()).isEqualTo(ACCOUNT);
        }

        JsonNode currencyCode = json.get("currency_code");
        Currency currency = Arrays.stream(Currency.values())
                .filter(c -> currencyCode.isTextual() && c.code().equals(currencyCode.textValue()))
                .findFirst().orElseThrow(() -> new AssertionError("accepted currency_code " + currencyCode));
        assertThat(command.currency()).isEqualTo(currency);

        JsonNode address = json.get("to_address");
        assertThat(address.isTextual()).as("to_address is a string").isTrue();
        assertThat(command.toAddress()).isEqualTo(address.textValue());
        assertThat(AddressValidator.problem(currency.network(), address.textValue())).as("address check").isEmpty();

        JsonNode amountNode = json.get("amount");
        BigDecimal amount;
        if (amountNode.isTextual()) {
            assertThat(isPlainDecimal(amountNode.textValue())).as("plain decimal string [%s]", amountNode.textValue()).isTrue();
            amount = new BigDecimal(amountNode.textValue());
        } else {
            assertThat(amountNode.isNumber()).as("amount is a number or a string: %s", amountNode).isTrue();
            String written = numberTexts(text, "amount").get(0);
            assertThat(withinLimits(written)).as("amount %s within the limits", written).isTrue();
            amount = new BigDecimal(written);
        }
        assertThat(command.amount()).isEqualByComparingTo(amount);
        assertThat(amount.signum()).as("amount > 0").isPositive();
        assertThat(amount).as("amount < 10^18").isLessThan(BigDecimal.TEN.pow(18));
        assertThat(Math.max(0, amount.stripTrailingZeros().scale())).as("fraction digits of %s", currency)
                .isLessThanOrEqualTo(currency.fractionDigits());
        if (currency == Currency.USDT_TRC20) {
            assertThat(amount).as("configured maximum").isLessThanOrEqualTo(USDT_TRC20_MAXIMUM);
        }

        JsonNode metadata = json.get("metadata");
        if (metadata == null || metadata.isNull()) {
            assertThat(command.metadata()).isNull();
        } else {
            assertThat(metadata.isObject()).as("metadata is an object").isTrue();
            numberTexts(text, "metadata").forEach(number ->
                    assertThat(withinLimits(number)).as("metadata number %s within the limits", number).isTrue());
            try {
                assertThat(JsonMapping.MAPPER.writeValueAsBytes(command.metadata()).length).as("metadata size")
                        .isLessThanOrEqualTo(4096);
            } catch (JsonProcessingException e) {
                throw new AssertionError("accepted metadata that cannot be written", e);
            }
        }
    }

    /**
     * The command schema accepts whatever the service accepts: the service may refuse more than
     * the schema (a checksum, fraction digits), never less. Numbers are read exactly, as the
     * schema's bounds on an amount need; one beyond a {@code BigDecimal} (an exponent beyond an
     * int, only in an unknown field of an accepted command) as a double.
     */
    private static void assertTheSchemaAccepts(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        JsonNode command;
        try {
            command = EXACT.readTree(text);
        } catch (NumberFormatException e) {
            command = parse(ORACLE, text).orElseThrow();
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        assertThat(Contract.Payload.COMMAND.problems(command)).as("the command schema on an accepted command %s", text)
                .isEmpty();
    }

    private static boolean isRequestId(String id) {
        return id != null && !id.isEmpty() && id.length() <= 64 && id.chars().allMatch(c -> c >= 'A' && c <= 'Z'
                || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-');
    }

    /** Digits 0-9 with at most one inner '.', at most 64 digits on each side. */
    private static boolean isPlainDecimal(String text) {
        String[] sides = text.split("\\.", -1);
        return sides.length <= 2 && Arrays.stream(sides).allMatch(side -> !side.isEmpty() && side.length() <= 64
                && side.chars().allMatch(c -> c >= '0' && c <= '9'));
    }

    /**
     * The value when it is one JSON object within the README's limits on a record (size, UTF-8,
     * nesting); empty when the record is {@code malformed}.
     */
    private static Optional<JsonNode> oneObjectWithinTheLimits(byte[] value) {
        if (value == null || value.length > 64 * 1024) {
            return Optional.empty();
        }
        return CommandReader.strictUtf8(value).flatMap(text -> parse(ORACLE, text))
                .filter(json -> json.isObject() && depth(json) <= 100);
    }

    /** The numbers of a top-level field's value (the value itself when it is one), as written. */
    private static List<String> numberTexts(String json, String field) {
        List<String> texts = new ArrayList<>();
        try (JsonParser parser = ORACLE.createParser(json)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = parser.currentName().equals(field);
                int depth = 0;
                do {
                    JsonToken token = parser.nextToken();
                    if (wanted && token.isNumeric()) {
                        texts.add(parser.getText());
                    }
                    depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                } while (depth > 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    /** A number as written: at most 1,000 characters, and zero or its value within {@link #plainDigitsWithinLimits}. */
    private static boolean withinLimits(String number) {
        try {
            BigDecimal value = new BigDecimal(number);
            return number.length() <= 1000 && (value.signum() == 0 || plainDigitsWithinLimits(value));
        } catch (NumberFormatException e) {
            return false; // an exponent beyond an int
        }
    }

    /** Written out in full: at most 64 digits before the point (a lone 0 aside) and 64 after it. */
    private static boolean plainDigitsWithinLimits(BigDecimal number) {
        if (Math.abs((long) number.scale()) > 10_000) {
            return false; // its plain form would have more than 10,000 digits
        }
        String plain = number.abs().stripTrailingZeros().toPlainString();
        int point = plain.indexOf('.');
        String before = point < 0 ? plain : plain.substring(0, point);
        String after = point < 0 ? "" : plain.substring(point + 1);
        return (before.equals("0") ? 0 : before.length()) <= 64 && after.length() <= 64;
    }

    private static int depth(JsonNode node) {
        int deepest = 0;
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            deepest = Math.max(deepest, depth(children.next()));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }

    private static Optional<JsonNode> parse(ObjectMapper mapper, String text) {
        try {
            return Optional.ofNullable(mapper.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    // --- the inputs ----------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                // near-JSON: the characters JSON is made of, in any order
                Tuple.of(10, Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsn \\/u\t\n").ofMaxLength(80)
                        .map(text -> text.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(65_530).ofMaxSize(65_542)),
                Tuple.of(1, Arbitraries.just((byte[]) null)));
    }

    @Provide
    Arbitrary<String> anyJson() {
        return Arbitraries.frequencyOf(Tuple.of(3, jsonValue(4)), Tuple.of(7, jsonObject(jsonValue(3))));
    }

    @Provide
    Arbitrary<Draft> validCommands() {
        Arbitrary<String> requestId = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z')
                .withCharRange('0', '9').withChars("._:-").ofMinLength(1).ofMaxLength(64);
        Arbitrary<BigDecimal> unscaledAmount = Arbitraries.bigDecimals().between(BigDecimal.ONE,
                new BigDecimal("999999999999")).ofScale(0);
        Arbitrary<Integer> scale = Arbitraries.integers().between(0, 18);
        Arbitrary<Integer> amountForm = Arbitraries.integers().between(0, 3);
        Arbitrary<Optional<String>> metadata = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(1, Arbitraries.just(Optional.of("null"))),
                Tuple.of(4, jsonObject(tameJsonValue()).map(Optional::of)));
        Arbitrary<Optional<String>> account = Arbitraries.of(Optional.empty(), Optional.of("null"),
                Optional.of("\"" + ACCOUNT + "\""));
        return Combinators.combine(requestId, Arbitraries.of(Currency.class), unscaledAmount, scale, amountForm,
                metadata, account).as((id, currency, unscaled, wantedScale, form, meta, acc) -> {
                    BigDecimal amount = unscaled.movePointLeft(Math.min(wantedScale, currency.fractionDigits()));
                    if (currency == Currency.USDT_TRC20 && amount.compareTo(USDT_TRC20_MAXIMUM) > 0) {
                        amount = amount.remainder(USDT_TRC20_MAXIMUM).add(BigDecimal.ONE);
                    }
                    List<Field> fields = new ArrayList<>();
                    fields.add(new Field("request_id", quote(id)));
                    acc.ifPresent(a -> fields.add(new Field("account", a)));
                    fields.add(new Field("currency_code", quote(currency.code())));
                    fields.add(new Field("to_address", quote(AddressValidatorTest.VALID.get(currency.network().family()))));
                    fields.add(new Field("amount", switch (form) {
                        case 0 -> amount.toPlainString();
                        case 1 -> amount.unscaledValue() + "e-" + amount.scale();
                        case 2 -> amount.unscaledValue() + "E" + (-amount.scale());
                        default -> quote(amount.toPlainString());
                    }));
                    meta.ifPresent(m -> fields.add(new Field("metadata", m)));
                    return new Draft("", fields, "", List.of());
                });
    }

    @Provide
    Arbitrary<Draft> mutatedCommands() {
        return Combinators.combine(validCommands(), mutation().list().ofMinSize(1).ofMaxSize(3))
                .as((draft, mutations) -> {
                    Draft mutated = draft;
                    for (UnaryOperator<Draft> mutation : mutations) {
                        mutated = mutation.apply(mutated);
                    }
                    return mutated;
                });
    }

    /** One change to a valid command: each may or may not break a rule; the oracle decides. */
    private Arbitrary<UnaryOperator<Draft>> mutation() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 20);
        Arbitrary<String> fieldName = Arbitraries.of(List.copyOf(FIELDS));
        return Arbitraries.oneOf(
                // fields dropped
                fieldName.map(name -> op(draft -> draft.without(name))),
                // types swapped
                Combinators.combine(fieldName, jsonValue(2)).as((name, json) -> op(draft -> draft.with(name, json))),
                // Unicode confusables and controls, inserted into or replacing a character of a string field
                Combinators.combine(fieldName, index, Arbitraries.of(CONFUSABLES), Arbitraries.of(true, false))
                        .as((name, at, character, replace) -> op(draft -> draft.editString(name, at, character, replace))),
                // odd amount strings
                Arbitraries.of(ODD_AMOUNT_STRINGS).map(amount -> op(draft -> draft.with("amount", quote(amount)))),
                // numbers of extreme size and scale, as the amount or anywhere else
                Combinators.combine(Arbitraries.of("amount", "metadata", "note"), extremeNumber())
                        .as((name, number) -> op(draft -> draft.with(name, name.equals("metadata")
                                ? "{\"n\":[" + number + "]}" : number))),
                // deep nesting
                Combinators.combine(Arbitraries.of(1, 50, 97, 98, 99, 100, 101, 150, 997, 998, 999, 1000, 1001, 2000),
                                Arbitraries.of("metadata", "note"), Arbitraries.of(true, false))
                        .as((levels, name, arrays) -> op(draft -> draft.with(name, nested(levels, arrays)))),
                // trailing and leading data
                Arbitraries.of(" ", "\n\t\r", "x", "{}", "{\"request_id\":\"b\"}", "null", "0", "\u0000", "//c", "/*c*/",
                        "\ufeff", "\u00a0", ",", "]", "}", "\"", " 7").map(after -> op(draft -> draft.followedBy(after))),
                Arbitraries.of(" ", "\ufeff", "\u0000", "[", "x", "\u00a0").map(before -> op(draft -> draft.precededBy(before))),
                // a field given twice
                Combinators.combine(fieldName, jsonValue(1)).as((name, json) -> op(draft -> draft.plus(name, json))),
                Arbitraries.just(op(draft -> draft.fields().isEmpty() ? draft
                        : draft.plus(draft.fields().get(0).name(), draft.fields().get(0).json()))),
                // unknown fields, and metadata around the size limit
                Combinators.combine(jsonString(), jsonValue(2)).as((name, json) -> op(draft -> draft.plus(name, json))),
                Arbitraries.integers().between(3_990, 4_100)
                        .map(size -> op(draft -> draft.with("metadata", "{\"pad\":\"" + "x".repeat(size) + "\"}"))),
                Arbitraries.integers().between(65_400, 65_600)
                        .map(size -> op(draft -> draft.plus("pad", quote("y".repeat(size))))),
                // bytes flipped
                Combinators.combine(Arbitraries.integers().between(0, 400), Arbitraries.integers().between(1, 255))
                        .as((at, mask) -> op(draft -> draft.flipped(at, mask))));
    }

    private static UnaryOperator<Draft> op(UnaryOperator<Draft> mutation) {
        return mutation;
    }

    private static String nested(int levels, boolean arrays) {
        return arrays ? "[".repeat(levels) + "]".repeat(levels) : "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    // --- JSON text generators ------------------------------------------------------------------

    private Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(jsonString(), jsonNumber(), Arbitraries.of("true", "false", "null"));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(leaf,
                inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                jsonObject(inner)), 0, depth);
    }

    /** Metadata a valid command may carry: small objects of small values, any text. */
    private Arbitrary<String> tameJsonValue() {
        Arbitrary<String> leaf = Arbitraries.oneOf(jsonString(),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("true", "false", "null", "1.5e-3", "1e63"));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(leaf,
                inner.list().ofMaxSize(3).map(items -> "[" + String.join(",", items) + "]")), 0, 2);
    }

    private Arbitrary<String> jsonObject(Arbitrary<String> values) {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(List.copyOf(FIELDS)).map(CommandIntakePropertiesTest::quote)),
                Tuple.of(2, jsonString()));
        // distinct names: a field given twice is malformed, and objects should reach validation too
        return Combinators.combine(key, values).as(Tuple::of).list().ofMaxSize(5).uniqueElements(Tuple.Tuple2::get1)
                .map(entries -> "{" + String.join(",", entries.stream().map(e -> e.get1() + ":" + e.get2()).toList()) + "}");
    }

    private Arbitrary<String> jsonString() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12).map(CommandIntakePropertiesTest::quote),
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(8).map(CommandIntakePropertiesTest::quote),
                Arbitraries.of("\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"a\\/b\"", "\"\\uD83D\\uDE00\"", "\"\\u00e9\"",
                        "\"" + TRON_ADDRESS + "\"", "\"USDT_TRC20\"", "\"10.50\""));
    }

    /** JSON numbers in every form the grammar allows: signs, long digit runs, fractions, exponents. */
    private Arbitrary<String> jsonNumber() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(70);
        Arbitrary<String> integerPart = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("0")),
                Tuple.of(3, Combinators.combine(Arbitraries.integers().between(1, 9), digits).as((first, rest) -> first + rest)));
        Arbitrary<String> fraction = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")),
                Tuple.of(1, digits.filter(d -> !d.isEmpty()).map(d -> "." + d)));
        Arbitrary<String> exponent = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")),
                Tuple.of(1, Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
                        Arbitraries.oneOf(Arbitraries.integers().between(0, 99).map(String::valueOf), Arbitraries.of(EXPONENTS)))
                        .as((e, sign, magnitude) -> e + sign + magnitude)));
        return Combinators.combine(Arbitraries.of("", "-"), integerPart, fraction, exponent)
                .as((sign, integer, fractionPart, exponentPart) -> sign + integer + fractionPart + exponentPart);
    }

    private Arbitrary<String> extremeNumber() {
        return Arbitraries.oneOf(jsonNumber(),
                Combinators.combine(Arbitraries.of("1", "-1", "9.99", "0.5", "1" + "0".repeat(60)), Arbitraries.of("e", "e-", "e+"),
                        Arbitraries.of(EXPONENTS)).as((mantissa, e, magnitude) -> mantissa + e + magnitude),
                Arbitraries.of("1" + "0".repeat(63), "1" + "0".repeat(64), "0." + "0".repeat(63) + "1",
                        "0." + "0".repeat(64) + "1", "1." + "0".repeat(998), "1." + "0".repeat(999), "-0", "-0.0", "0e-999999999"));
    }

    private static String quote(String text) {
        try {
            return JsonMapping.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- a command being built ----------------------------------------------------------------

    /** One field of a command as JSON text; names may repeat. */
    record Field(String name, String json) {
    }

    /**
     * A command record value under construction: its fields as JSON text, what comes before and
     * after the object, and bytes to flip once it is encoded.
     */
    record Draft(String before, List<Field> fields, String after, List<int[]> flips) {

        String text() {
            StringBuilder text = new StringBuilder(before).append('{');
            for (int i = 0; i < fields.size(); i++) {
                text.append(i == 0 ? "" : ",").append(quote(fields.get(i).name())).append(':').append(fields.get(i).json());
            }
            return text.append('}').append(after).toString();
        }

        byte[] bytes() {
            byte[] bytes = text().getBytes(StandardCharsets.UTF_8);
            for (int[] flip : flips) {
                if (bytes.length > 0) {
                    bytes[flip[0] % bytes.length] ^= (byte) flip[1];
                }
            }
            return bytes;
        }

        Draft without(String name) {
            return new Draft(before, fields.stream().filter(f -> !f.name().equals(name)).toList(), after, flips);
        }

        /** The field set to this JSON text, in place if present, else added. */
        Draft with(String name, String json) {
            if (fields.stream().noneMatch(f -> f.name().equals(name))) {
                return plus(name, json);
            }
            return new Draft(before, fields.stream().map(f -> f.name().equals(name) ? new Field(name, json) : f).toList(),
                    after, flips);
        }

        /** One more field, even under a name already present. */
        Draft plus(String name, String json) {
            List<Field> more = new ArrayList<>(fields);
            more.add(new Field(name, json));
            return new Draft(before, more, after, flips);
        }

        /** A character put into (or over) the string value of a field; other fields are left alone. */
        Draft editString(String name, int at, String character, boolean replace) {
            return fields.stream().filter(f -> f.name().equals(name) && f.json().startsWith("\"")).findFirst()
                    .map(field -> {
                        String value = unquote(field.json());
                        int position = value.isEmpty() ? 0 : at % (value.length() + (replace ? 0 : 1));
                        String edited = value.substring(0, position) + character
                                + value.substring(Math.min(value.length(), position + (replace ? 1 : 0)));
                        return with(name, quote(edited));
                    }).orElse(this);
        }

        Draft followedBy(String text) {
            return new Draft(before, fields, after + text, flips);
        }

        Draft precededBy(String text) {
            return new Draft(text + before, fields, after, flips);
        }

        Draft flipped(int at, int mask) {
            List<int[]> more = new ArrayList<>(flips);
            more.add(new int[]{at, mask});
            return new Draft(before, fields, after, more);
        }

        private static String unquote(String json) {
            try {
                return JsonMapping.MAPPER.readValue(json, String.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            String text = text();
            return (text.length() > 300 ? text.substring(0, 300) + "…(" + text.length() + " chars)" : text)
                    + (flips.isEmpty() ? "" : " with bytes flipped " + flips.stream().map(f -> f[0] + "^" + f[1]).toList());
        }
    }
}
