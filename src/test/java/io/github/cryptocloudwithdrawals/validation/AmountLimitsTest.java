package io.github.cryptocloudwithdrawals.validation;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.BITCOIN_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.account.KnownAccounts;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AmountLimitsTest {

    private static final String SETTING = "WITHDRAWAL_MAX_AMOUNTS";

    private static AmountLimits parse(String text) {
        return AmountLimits.parse(SETTING, text);
    }

    @Nested
    class Parsing {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\t"})
        void blankMeansNoMaximum(String text) {
            assertThat(parse(text)).isSameAs(AmountLimits.none());
            assertThat(AmountLimits.parse(SETTING, null)).isSameAs(AmountLimits.none());
            assertThat(AmountLimits.none()).hasToString("none");
        }

        @Test
        void readsCodeAmountPairs() {
            AmountLimits limits = parse("USDT_TRC20:10000,BTC:0.5");
            assertThat(limits).hasToString("BTC:0.5,USDT_TRC20:10000");
            assertThat(limits.problem(new BigDecimal("10000"), Currency.USDT_TRC20)).isEmpty();
            assertThat(limits.problem(new BigDecimal("10000.000001"), Currency.USDT_TRC20)).isPresent();
            assertThat(limits.problem(new BigDecimal("0.5"), Currency.BTC)).isEmpty();
            assertThat(limits.problem(new BigDecimal("0.50000001"), Currency.BTC)).isPresent();
            assertThat(limits.problem(new BigDecimal("1000000"), Currency.ETH)).as("no maximum").isEmpty();
        }

        @Test
        void toleratesWhitespaceAroundEverything() {
            assertThat(parse("  USDT_TRC20 : 10000 ,\n BTC:\t0.5  "))
                    .isEqualTo(parse("USDT_TRC20:10000,BTC:0.5"));
        }

        @ParameterizedTest(name = "''{0}'' -> {1}")
        @CsvSource(delimiter = '|', value = {
                "USDT:100                  | WITHDRAWAL_MAX_AMOUNTS names 'USDT' in 'USDT:100', which is not one of the 40 currency codes",
                "btc:0.5                   | WITHDRAWAL_MAX_AMOUNTS names 'btc' in 'btc:0.5', which is not one of the 40 currency codes",
                ":100                      | WITHDRAWAL_MAX_AMOUNTS names '' in ':100', which is not one of the 40 currency codes",
                "BTC                       | WITHDRAWAL_MAX_AMOUNTS must be CODE:amount pairs separated by commas, such as USDT_TRC20:10000,BTC:0.5, but 'BTC' has no ':'",
                "BTC=0.5                   | WITHDRAWAL_MAX_AMOUNTS must be CODE:amount pairs separated by commas, such as USDT_TRC20:10000,BTC:0.5, but 'BTC=0.5' has no ':'",
                "'BTC:0.5,,ETH:1'          | WITHDRAWAL_MAX_AMOUNTS must be CODE:amount pairs separated by commas, such as USDT_TRC20:10000,BTC:0.5, but 'BTC:0.5,,ETH:1' has an empty entry between commas",
                "'BTC:0.5,'                | WITHDRAWAL_MAX_AMOUNTS must be CODE:amount pairs separated by commas, such as USDT_TRC20:10000,BTC:0.5, but 'BTC:0.5,' has an empty entry between commas",
                "BTC:abc                   | WITHDRAWAL_MAX_AMOUNTS gives BTC the maximum 'abc', which is not a decimal number greater than 0 such as 10000 or 0.5",
                "BTC:                      | WITHDRAWAL_MAX_AMOUNTS gives BTC the maximum '', which is not a decimal number greater than 0 such as 10000 or 0.5",
                "BTC:0                     | WITHDRAWAL_MAX_AMOUNTS gives BTC the maximum '0', which is not a decimal number greater than 0 such as 10000 or 0.5",
                "BTC:0.000                 | WITHDRAWAL_MAX_AMOUNTS gives BTC the maximum '0.000', which is not a decimal number greater than 0 such as 10000 or 0.5",
                "BTC:-1                    | WITHDRAWAL_MAX_AMOUNTS gives BTC the maximum '-1', which is not a decimal number greater than 0 such as 10000 or 0.5",
                "BTC:1e3                   | WITHDRAWAL_MAX_AMOUNTS gives BTC the maximum '1e3', which is not a decimal number greater than 0 such as 10000 or 0.5",
                "BTC:1 000                 | WITHDRAWAL_MAX_AMOUNTS gives BTC the maximum '1 000', which is not a decimal number greater than 0 such as 10000 or 0.5",
                "BTC:0.5:1                 | WITHDRAWAL_MAX_AMOUNTS gives BTC the maximum '0.5:1', which is not a decimal number greater than 0 such as 10000 or 0.5",
                "'BTC:0.5, ETH:2, BTC:1'   | WITHDRAWAL_MAX_AMOUNTS gives BTC a maximum twice (0.5 and 1); keep one",
        })
        void refusesABadPartWithOneSentenceNamingTheVariable(String text, String message) {
            assertThatThrownBy(() -> parse(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(message);
        }
    }

    @Nested
    class Guard {

        private final CommandValidator validator = new CommandValidator(parse("USDT_TRC20:10000,BTC:0.5"),
                KnownAccounts.of(Set.of(), true));

        private CommandValidator.Verdict validate(String currency, String address, String amountJson)
                throws Exception {
            return validator.validate((ObjectNode) JsonMapping.MAPPER.readTree("{\"request_id\":\"payout-1\","
                    + "\"currency_code\":\"" + currency + "\",\"to_address\":\"" + address + "\",\"amount\":"
                    + amountJson + "}"));
        }

        private CommandValidator.Verdict usdt(String amountJson) throws Exception {
            return validate("USDT_TRC20", TRON_ADDRESS, amountJson);
        }

        @ParameterizedTest(name = "amount {0} passes")
        @ValueSource(strings = {"10000", "\"10000\"", "\"10000.000000\"", "1e4", "9999.999999", "0.000001"})
        void anAmountUpToTheMaximumPasses(String amountJson) throws Exception {
            assertThat(usdt(amountJson)).isInstanceOf(CommandValidator.Valid.class);
        }

        @ParameterizedTest(name = "amount {0}: {1}")
        @CsvSource(delimiter = '|', value = {
                "15000                | amount 15000 exceeds the configured maximum of 10000 for USDT_TRC20",
                "\"10000.000001\"     | amount 10000.000001 exceeds the configured maximum of 10000 for USDT_TRC20",
                "1.5e4                | amount 15000 exceeds the configured maximum of 10000 for USDT_TRC20",
                "\"999999999999\"     | amount 999999999999 exceeds the configured maximum of 10000 for USDT_TRC20",
        })
        void anAmountAboveTheMaximumFailsOnTheAmountField(String amountJson, String message) throws Exception {
            var verdict = usdt(amountJson);
            assertThat(verdict).isInstanceOf(CommandValidator.Invalid.class);
            var invalid = (CommandValidator.Invalid) verdict;
            assertThat(invalid.requestId()).isEqualTo("payout-1");
            assertThat(invalid.field()).isEqualTo("amount");
            assertThat(invalid.message()).isEqualTo(message);
        }

        @Test
        void eachCurrencyHasItsOwnMaximum() throws Exception {
            assertThat(validate("BTC", BITCOIN_ADDRESS, "0.5")).isInstanceOf(CommandValidator.Valid.class);
            var invalid = (CommandValidator.Invalid) validate("BTC", BITCOIN_ADDRESS, "\"0.50000001\"");
            assertThat(invalid.message()).isEqualTo("amount 0.50000001 exceeds the configured maximum of 0.5 for BTC");
            // a currency without a maximum, even on the same network, is not limited
            assertThat(validate("TRX", TRON_ADDRESS, "1000000"))
                    .isInstanceOf(CommandValidator.Valid.class);
        }

        @Test
        void theAmountsOwnRulesAreReportedFirst() throws Exception {
            var tooFine = (CommandValidator.Invalid) usdt("20000.0000001");
            assertThat(tooFine.message()).isEqualTo("amount has 7 fraction digits; USDT_TRC20 allows 6");
            var tooLarge = (CommandValidator.Invalid) usdt("1e18");
            assertThat(tooLarge.message()).isEqualTo("amount must be less than 10^18");
        }

        @Test
        void theDefaultValidatorHasNoMaximum() throws Exception {
            var json = (ObjectNode) JsonMapping.MAPPER.readTree("{\"request_id\":\"r\",\"currency_code\":\"USDT_TRC20\","
                    + "\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":\"999999999999999999\"}");
            assertThat(new CommandValidator(AmountLimits.none(), KnownAccounts.of(Set.of(), true)).validate(json))
                    .isInstanceOf(CommandValidator.Valid.class);
        }
    }
}
