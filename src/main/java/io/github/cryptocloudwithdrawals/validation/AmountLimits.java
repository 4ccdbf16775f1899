package io.github.cryptocloudwithdrawals.validation;

import io.github.cryptocloudwithdrawals.command.Currency;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operator's per-currency maximum amount of one payout: a guard against a runaway or
 * mistyped command, not a rule of the API. A currency without a maximum has no guard, and
 * {@link #none()} guards nothing. An amount equal to the maximum is allowed.
 */
public final class AmountLimits {

    private static final AmountLimits NONE = new AmountLimits(new EnumMap<>(Currency.class));
    /** A plain decimal, as a command's amount string is (length aside: a setting is trusted), without a sign. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final String FORMAT = "CODE:amount pairs separated by commas, such as USDT_TRC20:10000,BTC:0.5";

    private final Map<Currency, BigDecimal> maximums;

    private AmountLimits(EnumMap<Currency, BigDecimal> maximums) {
        this.maximums = Collections.unmodifiableMap(maximums);
    }

    /** No maximum for any currency: the default. */
    public static AmountLimits none() {
        return NONE;
    }

    /**
     * Reads {@code USDT_TRC20:10000, BTC:0.5}: whitespace around codes, amounts and commas is
     * ignored, and a blank text means {@link #none()}. Codes are case-sensitive, as in commands.
     *
     * @param setting the name to quote in errors, e.g. the environment variable that set the text
     * @throws IllegalArgumentException one sentence naming the setting and the part that is wrong
     */
    public static AmountLimits parse(String setting, String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        EnumMap<Currency, BigDecimal> maximums = new EnumMap<>(Currency.class);
        for (String rawEntry : text.split(",", -1)) {
            String entry = rawEntry.strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException(setting + " must be " + FORMAT + ", but '" + text.strip()
                        + "' has an empty entry between commas");
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(setting + " must be " + FORMAT + ", but '" + entry
                        + "' has no ':'");
            }
            String code = entry.substring(0, colon).strip();
            String amount = entry.substring(colon + 1).strip();
            Currency currency = Currency.byCode(code).orElseThrow(() -> new IllegalArgumentException(setting
                    + " names '" + code + "' in '" + entry + "', which is not one of the 40 currency codes"
                    + " CryptoCloud pays out in (e.g. USDT_TRC20, BTC, ETH; upper case)"));
            if (!PLAIN_DECIMAL.matcher(amount).matches() || new BigDecimal(amount).signum() == 0) {
                throw new IllegalArgumentException(setting + " gives " + code + " the maximum '" + amount
                        + "', which is not a decimal number greater than 0 such as 10000 or 0.5");
            }
            BigDecimal earlier = maximums.putIfAbsent(currency, new BigDecimal(amount));
            if (earlier != null) {
                throw new IllegalArgumentException(setting + " gives " + code + " a maximum twice ("
                        + earlier.toPlainString() + " and " + amount + "); keep one");
            }
        }
        return new AmountLimits(maximums);
    }

    /** Empty when the amount is within the currency's maximum (or it has none), else the reason. */
    Optional<String> problem(BigDecimal amount, Currency currency) {
        BigDecimal maximum = maximums.get(currency);
        if (maximum == null || amount.compareTo(maximum) <= 0) {
            return Optional.empty();
        }
        return Optional.of("amount " + amount.toPlainString() + " exceeds the configured maximum of "
                + maximum.toPlainString() + " for " + currency.code());
    }

    /** The setting's own format, e.g. {@code USDT_TRC20:10000,BTC:0.5}, or {@code none}. */
    @Override
    public String toString() {
        return maximums.isEmpty() ? "none" : maximums.entrySet().stream()
                .map(e -> e.getKey().code() + ":" + e.getValue().toPlainString())
                .collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AmountLimits that && maximums.equals(that.maximums);
    }

    @Override
    public int hashCode() {
        return maximums.hashCode();
    }
}
