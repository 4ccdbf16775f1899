package io.github.cryptocloudwithdrawals.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.json.JsonLimits;
import io.github.cryptocloudwithdrawals.json.OutOfRangeNumber;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an amount may be: an exact decimal, more than zero, less than 10^18, and no finer than
 * the asset can carry. A JSON number keeps its exact written value (exponents included); a
 * string must be a plain decimal: nothing a lenient parser would also read ({@code "+1.75"},
 * {@code " 1.5"}, {@code "1e2"}, {@code "1_000"}, other scripts' digits), so that the value paid is
 * never a guess at what the sender meant.
 */
final class AmountRules {

    static final BigDecimal UPPER_BOUND = BigDecimal.TEN.pow(18);
    /**
     * ASCII digits only ({@code [0-9]}, not {@code \d}), as many on each side of the point as a
     * JSON number may have. A '-' is read so that "-5" is refused for its sign rather than its form.
     */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile(
            "-?[0-9]{1," + JsonLimits.MAX_DIGITS + "}(\\.[0-9]{1," + JsonLimits.MAX_DIGITS + "})?");
    private static final String FORM = "amount must be a JSON number or a plain decimal string: the digits 0-9, optionally "
            + "a '.' followed by more digits, at most " + JsonLimits.MAX_DIGITS + " digits on each side, and nothing "
            + "else (no '+', spaces, exponent or separators; a leading '-' is read but refused as not greater than 0), "
            + "such as \"10.50\"";

    private static final String NOT_POSITIVE = "amount must be greater than 0";
    private static final String TOO_LARGE = "amount must be less than 10^18";

    private AmountRules() {
    }

    /**
     * The exact value, or empty when the node is neither a JSON number within the limits nor a
     * plain decimal string ({@link #unreadable} says which).
     */
    static Optional<BigDecimal> exactValue(JsonNode amount) {
        if (amount instanceof OutOfRangeNumber) {
            return Optional.empty();
        }
        if (amount.isNumber()) {
            return Optional.of(amount.isBigInteger() || amount.isIntegralNumber()
                    ? new BigDecimal(amount.bigIntegerValue())
                    : amount.decimalValue());
        }
        if (amount.isTextual() && PLAIN_DECIMAL.matcher(amount.textValue()).matches()) {
            return Optional.of(new BigDecimal(amount.textValue()));
        }
        return Optional.empty();
    }

    /**
     * Why an amount without an exact value cannot be paid: a number out of range for the reason
     * any amount out of range is refused, or the wrong form.
     */
    static String unreadable(JsonNode amount, Currency currency) {
        if (!(amount instanceof OutOfRangeNumber number)) {
            return FORM;
        }
        if (number.negative()) {
            return NOT_POSITIVE;
        }
        if (number.digitsBeforePoint() > JsonLimits.MAX_DIGITS) {
            return TOO_LARGE;
        }
        if (number.digitsAfterPoint() > JsonLimits.MAX_DIGITS) {
            return tooFine(number.digitsAfterPoint(), currency);
        }
        return "amount " + number.problem();
    }

    /** Empty when the amount can be paid in this currency, else the reason it cannot. */
    static Optional<String> problem(BigDecimal amount, Currency currency) {
        if (amount.signum() <= 0) {
            return Optional.of(NOT_POSITIVE);
        }
        if (amount.compareTo(UPPER_BOUND) >= 0) {
            return Optional.of(TOO_LARGE);
        }
        int fractionDigits = Math.max(0, amount.stripTrailingZeros().scale());
        if (fractionDigits > currency.fractionDigits()) {
            return Optional.of(tooFine(fractionDigits, currency));
        }
        return Optional.empty();
    }

    private static String tooFine(long fractionDigits, Currency currency) {
        return "amount has " + JsonLimits.count(fractionDigits) + " fraction digits; " + currency.code() + " allows " + currency.fractionDigits();
    }
}
