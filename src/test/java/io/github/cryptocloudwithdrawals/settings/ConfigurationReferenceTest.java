package io.github.cryptocloudwithdrawals.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.BundledSettings;
import io.github.cryptocloudwithdrawals.testsupport.Manual;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The manual's configuration reference (docs/configuration.md) and application.properties list
 * the same settings, with the same defaults, and every range the reference states is the one the
 * service enforces (read from its own refusal of a value that is no number).
 */
class ConfigurationReferenceTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| (.+?) \\| (.+) \\|$");
    private static final Pattern RANGE = Pattern.compile("from (-?\\d+) to (-?\\d+)");
    private static final Properties BUNDLED = BundledSettings.load();

    /** The reference's rows: variable, then its default and meaning, as written. */
    private static Map<String, List<String>> reference() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : Manual.lines(Manual.page("configuration.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.put(row.group(1), List.of(row.group(2), row.group(3)));
            }
        }
        return rows;
    }

    /** application.properties' settings of the service (Camel's own are not the user's), by variable. */
    private static Map<String, String> settings() {
        return BUNDLED.stringPropertyNames().stream().filter(key -> !key.startsWith("camel."))
                .collect(Collectors.toMap(ServiceSettings::environmentVariable, BUNDLED::getProperty));
    }

    @Test
    void everySettingIsInBothAndNothingElse() {
        assertThat(reference().keySet()).containsExactlyInAnyOrderElementsOf(settings().keySet());
    }

    /** A default written as a value is application.properties' value; one in words ("—", the broker's) is an empty one. */
    @Test
    void theDefaultsAreTheSame() {
        Map<String, String> settings = settings();
        reference().forEach((variable, row) -> {
            String written = row.get(0);
            Matcher value = Pattern.compile("^`([^`]*)`$").matcher(written);
            assertThat(settings.get(variable)).as("the default of " + variable + ", written " + written)
                    .isEqualTo(value.matches() ? value.group(1) : "");
        });
    }

    @Test
    void everyRangeTheServiceEnforcesIsStatedAsIs() {
        Map<String, List<String>> reference = reference();
        int ranges = 0;
        for (String variable : reference.keySet()) {
            Optional<String> refusal = refusalOf(variable, "not-a-number");
            Optional<Matcher> range = refusal.map(RANGE::matcher).filter(Matcher::find);
            if (range.isPresent()) {
                ranges++;
                assertThat(reference.get(variable).get(1)).as("the range of " + variable + " (" + refusal.get() + ")")
                        .contains(range.get().group(1) + " to " + range.get().group(2));
            }
        }
        assertThat(ranges).as("settings with a range").isGreaterThanOrEqualTo(12);
    }

    /** What the service says of this value of the variable, if it refuses it. */
    private static Optional<String> refusalOf(String variable, String value) {
        Properties system = new Properties();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CRYPTOCLOUD_API_KEY", "a-key");
        environment.put(variable, value);
        return StartupCheck.of(environment, system, BUNDLED).refusals().stream()
                .filter(refusal -> refusal.startsWith(variable + " ")).findFirst();
    }
}
