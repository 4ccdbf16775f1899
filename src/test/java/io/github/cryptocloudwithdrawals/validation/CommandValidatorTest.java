package io.github.cryptocloudwithdrawals.validation;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.account.KnownAccounts;
import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandValidatorTest {

    private final CommandValidator validator = new CommandValidator(AmountLimits.none(), KnownAccounts.of(Set.of(), true));

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JsonMapping.MAPPER.readTree(text);
    }

    private static String command(String amountJson) {
        return "{\"request_id\":\"payout-1\",\"currency_code\":\"USDT_TRC20\","
                + "\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":" + amountJson + "}";
    }

    @Test
    void acceptsTheSpecExampleAndKeepsTheExactAmountAndMetadata() throws Exception {
        CommandValidator.Verdict verdict = validator.validate(json("{\"request_id\": \"payout-2026-000123\", "
                + "\"currency_code\": \"USDT_TRC20\", \"to_address\": \"" + TRON_ADDRESS + "\", "
                + "\"amount\": \"10.50\", \"metadata\": {\"user_id\": 42}, \"unknown\": true}"));

        assertThat(verdict).isInstanceOf(CommandValidator.Valid.class);
        var command = ((CommandValidator.Valid) verdict).command();
        assertThat(command.requestId()).isEqualTo("payout-2026-000123");
        assertThat(command.currency()).isEqualTo(Currency.USDT_TRC20);
        assertThat(command.amount()).isEqualTo(new BigDecimal("10.50"));
        assertThat(command.metadata().get("user_id").intValue()).isEqualTo(42);
    }

    @ParameterizedTest(name = "amount {0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "10.5                    | 10.5",
            "1e1                     | 10",
            "1.5E+2                  | 150",
            "\"0.000001\"            | 0.000001",
            "2.500000000             | 2.5",
            "999999999999999999      | 999999999999999999",
            "\"007.50\"              | 7.5",
    })
    void acceptsEveryExactFormOfAnAmount(String amountJson, String expected) throws Exception {
        var verdict = validator.validate(json(command(amountJson)));
        assertThat(verdict).isInstanceOf(CommandValidator.Valid.class);
        assertThat(((CommandValidator.Valid) verdict).command().amount()).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                               | request_id    | request_id is required",
            "{\"request_id\":\"has space\"}                                   | request_id    | request_id must be a string of 1 to 64",
            "{\"request_id\":12}                                              | request_id    | request_id must be a string",
            "{\"request_id\":\"\"}                                            | request_id    | request_id must be a string",
            "{\"request_id\":\"r\"}                                           | currency_code | currency_code is required",
            "{\"request_id\":\"r\",\"currency_code\":\"usdt_trc20\"}          | currency_code | currency_code must be one of the 40 codes",
            "{\"request_id\":\"r\",\"currency_code\":\"USDT\"}                | currency_code | currency_code must be one of the 40 codes",
            "{\"request_id\":\"r\",\"currency_code\":\"BTC\"}                 | to_address    | to_address is required",
            "{\"request_id\":\"r\",\"currency_code\":\"BTC\",\"to_address\":7} | to_address   | to_address must be a string",
            "{\"request_id\":\"r\",\"currency_code\":\"BTC\",\"to_address\":\"a b\"} | to_address | to_address is not a Bitcoin address: it contains whitespace at position 2",
            "{\"request_id\":\"r\",\"currency_code\":\"BTC\",\"to_address\":\"\"} | to_address  | to_address is not a Bitcoin address: no address given",
            "{\"request_id\":\"r\",\"currency_code\":\"USDT_ERC20\",\"to_address\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\"} | to_address | to_address is not an Ethereum address",
            "{\"request_id\":\"r\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"TT2T11KZhoDu48i2p4FWxfG79zdkEWkU9N\"} | to_address | to_address is not a TRON address: Base58Check checksum does not match",
    })
    void namesTheFirstFieldThatBreaksARule(String command, String field, String message) throws Exception {
        var verdict = validator.validate(json(command));
        assertThat(verdict).isInstanceOf(CommandValidator.Invalid.class);
        var invalid = (CommandValidator.Invalid) verdict;
        assertThat(invalid.field()).isEqualTo(field);
        assertThat(invalid.message()).startsWith(message);
    }

    @ParameterizedTest(name = "amount {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "0                        | amount must be greater than 0",
            "-1.5                     | amount must be greater than 0",
            "\"-0.1\"                 | amount must be greater than 0",
            "0e10                     | amount must be greater than 0",
            "1e18                     | amount must be less than 10^18",
            "1000000000000000000.5    | amount must be less than 10^18",
            "0.0000001                | amount has 7 fraction digits; USDT_TRC20 allows 6",
            "1e-7                     | amount has 7 fraction digits; USDT_TRC20 allows 6",
            "true                     | amount must be a JSON number or a plain decimal string",
            "null                     | amount is required",
            "[1]                      | amount must be a JSON number or a plain decimal string",
            "{}                       | amount must be a JSON number or a plain decimal string",
    })
    void refusesAmountsThatCannotBePaidExactly(String amountJson, String message) throws Exception {
        var verdict = validator.validate(json(command(amountJson)));
        assertThat(verdict).isInstanceOf(CommandValidator.Invalid.class);
        var invalid = (CommandValidator.Invalid) verdict;
        assertThat(invalid.requestId()).isEqualTo("payout-1");
        assertThat(invalid.field()).isEqualTo("amount");
        assertThat(invalid.message()).startsWith(message);
    }

    /** Strings that a lenient number parser would read, and that are not plain decimals. */
    @ParameterizedTest(name = "amount string [{0}]")
    @ValueSource(strings = {"+1.75", "+7", " 1.5", "1.5 ", "1.5\n", "\t1", "1.", ".5", "-.5", "1_000", "1,5", "1,000.00",
            "1.2.3", "0x10", "0X1F", "1e2", "1E-2", "1e+2", "1d", "1f", "1L", "NaN", "Infinity", "-Infinity", "", "-", "+",
            "--1", "\u0661\u0662", "\u0661.\u0665", "\uff11\uff12", "\u0967", "1\u200b", "\u200b1", "\u00a01", "１.5", "1\u0000",
            "\ud835\udfcf"})
    void anAmountStringMustBeAPlainDecimal(String amount) throws Exception {
        var verdict = validator.validate(json(command(JsonMapping.MAPPER.writeValueAsString(amount))));

        assertThat(verdict).isInstanceOf(CommandValidator.Invalid.class);
        var invalid = (CommandValidator.Invalid) verdict;
        assertThat(invalid.field()).isEqualTo("amount");
        assertThat(invalid.message()).isEqualTo("amount must be a JSON number or a plain decimal string: the digits 0-9, "
                + "optionally a '.' followed by more digits, at most 64 digits on each side, and nothing else "
                + "(no '+', spaces, exponent or separators; a leading '-' is read but refused as not greater than 0), "
                + "such as \"10.50\"");
    }

    @Test
    void anAmountStringHasAtMost64DigitsOnEachSideOfThePoint() throws Exception {
        String digits64 = "1".repeat(64);
        assertThat(((CommandValidator.Invalid) validator.validate(json(command("\"" + digits64 + "\"")))).message())
                .isEqualTo("amount must be less than 10^18");
        assertThat(((CommandValidator.Invalid) validator.validate(json(command("\"1." + digits64 + "\"")))).message())
                .isEqualTo("amount has 64 fraction digits; USDT_TRC20 allows 6");
        for (String tooLong : new String[]{"0" + digits64, "1." + digits64 + "0"}) {
            assertThat(((CommandValidator.Invalid) validator.validate(json(command("\"" + tooLong + "\"")))).message())
                    .as(tooLong).startsWith("amount must be a JSON number or a plain decimal string");
        }
    }

    @Test
    void fractionDigitsFollowTheAsset() throws Exception {
        String btc = "{\"request_id\":\"r\",\"currency_code\":\"BTC\",\"to_address\":\"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\",";
        assertThat(validator.validate(json(btc + "\"amount\":0.00000001}"))).isInstanceOf(CommandValidator.Valid.class);
        var invalid = (CommandValidator.Invalid) validator.validate(json(btc + "\"amount\":0.000000001}"));
        assertThat(invalid.message()).isEqualTo("amount has 9 fraction digits; BTC allows 8");
        String eth = "{\"request_id\":\"r\",\"currency_code\":\"ETH\",\"to_address\":\"0xdac17f958d2ee523a2206206994597c13d831ec7\",";
        assertThat(validator.validate(json(eth + "\"amount\":\"0.000000000000000001\"}"))).isInstanceOf(CommandValidator.Valid.class);
    }

    @Test
    void metadataMustBeASmallObject() throws Exception {
        String base = command("1").replace("}", "");
        var notObject = (CommandValidator.Invalid) validator.validate(json(base + ",\"metadata\":[1]}"));
        assertThat(notObject.field()).isEqualTo("metadata");
        String big = "x".repeat(4100);
        var tooBig = (CommandValidator.Invalid) validator.validate(json(base + ",\"metadata\":{\"a\":\"" + big + "\"}}"));
        assertThat(tooBig.message()).isEqualTo("metadata must be at most 4096 bytes when serialized");
        assertThat(validator.validate(json(base + ",\"metadata\":null}"))).isInstanceOf(CommandValidator.Valid.class);
    }

    @Test
    void everyCurrencyOfTheApiPageIsKnown() {
        String page = "BTC, LTC, TRX, SOL, TON, BNB, ETH, ETH_ARB, ETH_BASE, ETH_OPT, USDT_ARB, USDT_BSC, USDT_ERC20, "
                + "USDT_OPT, USDT_SOL, USDT_TON, USDT_TRC20, USDC_ARB, USDC_BASE, USDC_BSC, USDC_ERC20, USDC_OPT, "
                + "USDC_SOL, DAI_ARB, DAI_BASE, DAI_BSC, DAI_ERC20, DAI_OPT, USDD_TRC20, PYUSD_ERC20, PYUSD_SOL, "
                + "XAUT_ERC20, XAUT_TON, ARB_ARB, OP_OPT, PEPE_BSC, PEPE_ERC20, SHIB_BSC, SHIB_ERC20, TRUMP_SOL";
        String[] codes = page.split(", ");
        assertThat(codes).hasSize(40);
        assertThat(Currency.values()).hasSize(40);
        for (String code : codes) {
            assertThat(Currency.byCode(code)).as(code).isPresent();
        }
    }

    @ParameterizedTest(name = "account {0}, default account {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "                | true  | default",
            "null            | true  | default",
            "\"treasury\"    | true  | treasury",
            "\"affiliates\"  | false | affiliates",
            "\"savings\"     | true  | account must name a configured CryptoCloud account (affiliates, treasury), or be left out to use the default one",
            "\"Treasury\"    | true  | account must name a configured CryptoCloud account (affiliates, treasury), or be left out to use the default one",
            "42              | true  | account must name a configured CryptoCloud account (affiliates, treasury), or be left out to use the default one",
            "\"savings\"     | false | account must name a configured CryptoCloud account (affiliates, treasury)",
            "                | false | account is required: this service has no default CryptoCloud account, only affiliates, treasury"})
    void theAccountMustBeAConfiguredOneOrLeftOutForTheDefault(String accountJson, boolean hasDefault, String expected)
            throws Exception {
        var accounts = KnownAccounts.of(Set.of("treasury", "affiliates"), hasDefault);
        String field = accountJson == null ? "" : ",\"account\":" + accountJson;
        var verdict = new CommandValidator(AmountLimits.none(), accounts)
                .validate(json(command("\"1\"").replace("}", field + "}")));

        if (verdict instanceof CommandValidator.Valid valid) {
            assertThat(valid.command().account() == null ? "default" : valid.command().account()).isEqualTo(expected);
        } else {
            var invalid = (CommandValidator.Invalid) verdict;
            assertThat(invalid.field()).isEqualTo("account");
            assertThat(invalid.requestId()).isEqualTo("payout-1");
            assertThat(invalid.message()).isEqualTo(expected);
        }
    }

    @Test
    void withoutNamedAccountsAnAccountFieldIsRefused() throws Exception {
        var verdict = (CommandValidator.Invalid) validator.validate(json(command("\"1\"").replace("}", ",\"account\":\"x\"}")));

        assertThat(verdict.field()).isEqualTo("account");
        assertThat(verdict.message()).isEqualTo(
                "account must be left out: this service pays from a single CryptoCloud account");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // a valid command, and invalid ones that still say which request they are
            "{\"request_id\":\"r1\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"T1\",\"amount\":\"10.50\"} | r1 default USDT_TRC20 T1 10.50",
            "{\"request_id\":\"r1\",\"currency_code\":\"USDT_TRC20\",\"to_address\":\"T1\",\"amount\":1.05e1}   | r1 default USDT_TRC20 T1 10.5",
            "{\"request_id\":\"r1\",\"account\":\"treasury\",\"currency_code\":\"BTC\",\"to_address\":\"b\",\"amount\":-1} | r1 treasury BTC b -1",
            "{\"request_id\":\"r1\",\"currency_code\":7,\"amount\":\"ten\"}                                     | r1 default null null null",
            // no identity: the request id is not well formed, or no configured account pays it
            "{\"request_id\":\"has space\",\"currency_code\":\"BTC\"}                                               | none",
            "{\"request_id\":12}                                                                                          | none",
            "{\"currency_code\":\"BTC\"}                                                                                | none",
            "{\"request_id\":\"r1\",\"account\":\"savings\"}                                                        | none",
            "{\"request_id\":\"r1\",\"account\":42}                                                                   | none",
    })
    void identifiesAValidOrInvalidCommandWhoseRequestIdAndAccountAreSound(String command, String expected)
            throws Exception {
        CommandValidator withTreasury = new CommandValidator(AmountLimits.none(),
                KnownAccounts.of(Set.of("treasury"), true));
        String identity = withTreasury.identify(json(command)).map(i -> i.requestId() + " "
                + PayoutAccount.label(i.account()) + " " + i.currencyCode() + " " + i.toAddress() + " "
                + (i.amount() == null ? null : i.amount().toPlainString())).orElse("none");
        assertThat(identity).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aCommandWithoutAccountHasNoIdentityWhenThereIsNoDefaultAccount() throws Exception {
        CommandValidator namedOnly = new CommandValidator(AmountLimits.none(), KnownAccounts.of(Set.of("treasury"), false));
        assertThat(namedOnly.identify(json(command("1")))).isEmpty();
    }
}
