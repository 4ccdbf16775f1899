package io.github.cryptocloudwithdrawals.json;

import java.util.Optional;

/**
 * The size of a JSON number read from its text alone, without computing its value: an exponent
 * may be far beyond what a {@code BigDecimal} holds ({@code 1e9999999999}), and the text up to a
 * record long.
 *
 * @param text              the number as written, its grammar already checked by the parser
 * @param zero              whether its value is zero, however written ({@code -0.0e999})
 * @param digitsBeforePoint digits before the decimal point when written out in full
 * @param digitsAfterPoint  digits after the decimal point when written out in full, trailing zeros not counted
 */
record NumberText(String text, boolean zero, long digitsBeforePoint, long digitsAfterPoint) {

    static NumberText of(String text) {
        int exponentAt = Math.max(text.indexOf('e'), text.indexOf('E'));
        String mantissa = exponentAt < 0 ? text : text.substring(0, exponentAt);
        int pointAt = mantissa.indexOf('.');
        String integerDigits = (pointAt < 0 ? mantissa : mantissa.substring(0, pointAt)).replace("-", "");
        String digits = integerDigits + (pointAt < 0 ? "" : mantissa.substring(pointAt + 1));
        int first = 0;
        while (first < digits.length() && digits.charAt(first) == '0') {
            first++;
        }
        if (first == digits.length()) {
            return new NumberText(text, true, 0, 0);
        }
        int last = digits.length() - 1;
        while (digits.charAt(last) == '0') {
            last--;
        }
        // where the point falls among the digits: long arithmetic, as the exponent may be far beyond an int
        long point = integerDigits.length() + (exponentAt < 0 ? 0 : exponent(text.substring(exponentAt + 1)));
        return new NumberText(text, false, Math.max(0, point - first), Math.max(0, last + 1 - point));
    }

    /**
     * The exponent's value; beyond 18 digits (only a record's worth of digits can follow it),
     * a value beyond 10^18 that keeps every count in a long.
     */
    private static long exponent(String written) {
        int start = written.charAt(0) == '+' || written.charAt(0) == '-' ? 1 : 0;
        while (start < written.length() - 1 && written.charAt(start) == '0') {
            start++;
        }
        long magnitude = written.length() - start > 18 ? Long.MAX_VALUE / 4 : Long.parseLong(written.substring(start));
        return written.charAt(0) == '-' ? -magnitude : magnitude;
    }

    boolean negative() {
        return text.startsWith("-");
    }

    /** Empty when the number is within {@link JsonLimits}, else which limit it is beyond. */
    Optional<String> problem() {
        if (digitsBeforePoint > JsonLimits.MAX_DIGITS) {
            return Optional.of("has " + JsonLimits.count(digitsBeforePoint) + " digits before the decimal point when written out "
                    + "in full; at most " + JsonLimits.MAX_DIGITS + " are accepted");
        }
        if (digitsAfterPoint > JsonLimits.MAX_DIGITS) {
            return Optional.of("has " + JsonLimits.count(digitsAfterPoint) + " digits after the decimal point when written out "
                    + "in full; at most " + JsonLimits.MAX_DIGITS + " are accepted");
        }
        if (text.length() > JsonLimits.MAX_NUMBER_CHARS) {
            return Optional.of("is written with " + text.length() + " characters; at most "
                    + JsonLimits.MAX_NUMBER_CHARS + " are accepted");
        }
        return Optional.empty();
    }
}
