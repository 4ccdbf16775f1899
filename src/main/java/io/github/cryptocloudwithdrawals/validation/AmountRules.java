package io.github.cryptocloudwithdrawals.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an amount may be: an exact decimal, more than zero, less than 10^18, and no finer than
 * the asset can carry. A JSON number keeps its exact written value (exponents included); a
 * string must be a plain decimal.
 */
final class AmountRules {

    static final BigDecimal UPPER_BOUND = BigDecimal.TEN.pow(18);
    private static final Pattern DECIMAL_STRING = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    private AmountRules() {
    }

    /** The exact value, or empty when the node is neither a JSON number nor a decimal string. */
    static Optional<BigDecimal> exactValue(JsonNode amount) {
        if (amount.isNumber()) {
            return Optional.of(amount.isBigInteger() || amount.isIntegralNumber()
                    ? new BigDecimal(amount.bigIntegerValue())
                    : amount.decimalValue());
        }
        if (amount.isTextual() && DECIMAL_STRING.matcher(amount.textValue()).matches()) {
            return Optional.of(new BigDecimal(amount.textValue()));
        }
        return Optional.empty();
    }

    /** Empty when the amount can be paid in this currency, else the reason it cannot. */
    static Optional<String> problem(BigDecimal amount, Currency currency) {
        if (amount.signum() <= 0) {
            return Optional.of("amount must be greater than 0");
        }
        if (amount.compareTo(UPPER_BOUND) >= 0) {
            return Optional.of("amount must be less than 10^18");
        }
        int fractionDigits = Math.max(0, amount.stripTrailingZeros().scale());
        if (fractionDigits > currency.fractionDigits()) {
            return Optional.of("amount has " + fractionDigits + " fraction digits; "
                    + currency.code() + " allows " + currency.fractionDigits());
        }
        return Optional.empty();
    }
}
