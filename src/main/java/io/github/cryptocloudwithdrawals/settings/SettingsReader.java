package io.github.cryptocloudwithdrawals.settings;

import static io.github.cryptocloudwithdrawals.settings.ServiceSettings.environmentVariable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads settings by key and checks each against its rule ({@link SettingRules}). A bad one is
 * noted and read as {@code null}, not thrown, so that start-up names every bad setting at once:
 * an operator fixes them in one go instead of one restart each.
 */
final class SettingsReader {

    private final Function<String, Optional<String>> properties;
    private final List<String> problems = new ArrayList<>();

    /** @param properties a key's value (application.properties, overridden by its environment variable) */
    SettingsReader(Function<String, Optional<String>> properties) {
        this.properties = properties;
    }

    /** What the rule makes of a setting; {@code null} when it refused it (the refusal is noted). */
    <T> T check(Supplier<T> rule) {
        try {
            return rule.get();
        } catch (InvalidSettingException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    void problem(String message) {
        problems.add(message);
    }

    Long number(String key, long min, long max) {
        return check(() -> SettingRules.wholeNumber(environmentVariable(key), required(key), min, max, false));
    }

    Long millis(String key, long min, long max) {
        return check(() -> SettingRules.wholeNumber(environmentVariable(key), required(key), min, max, true));
    }

    String topic(String key) {
        return check(() -> SettingRules.topic(environmentVariable(key), required(key)));
    }

    String text(String key) {
        return check(() -> required(key));
    }

    /** The value as given, empty when not given or blank: for settings that may be left out. */
    String optional(String key) {
        return properties.apply(key).filter(value -> !value.isBlank()).orElse("");
    }

    /** A number that may be left empty; empty too when it breaks its rule (noted). */
    Optional<Long> optionalNumber(String key, long min, long max) {
        return optional(key).isEmpty() ? Optional.empty() : Optional.ofNullable(number(key, min, max));
    }

    /** Stops here, naming every problem noted. */
    void refuseIfAnyProblem() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingException(problems);
        }
    }

    /** The value, or an {@link InvalidSettingException} saying it is not set: for use inside {@link #check}. */
    String required(String key) {
        String value = optional(key);
        if (value.isEmpty()) {
            throw new InvalidSettingException(environmentVariable(key) + " is not set");
        }
        return value;
    }
}
