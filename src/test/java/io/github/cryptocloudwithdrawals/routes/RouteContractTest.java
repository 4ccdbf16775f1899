package io.github.cryptocloudwithdrawals.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.routes.RouteContract.SubmitTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The YAML routes use exactly the names {@link RouteContract} defines. */
class RouteContractTest {

    private static final String INTAKE = read("routes/intake.yaml");
    private static final String SUBMIT = read("routes/submit.yaml");
    private static final String RESOLUTIONS = read("routes/resolutions.yaml");

    private static String read(String resource) {
        try (InputStream in = RouteContractTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every first group of the pattern in the text, except what the route template fills in. */
    private static Set<String> all(String pattern, String... texts) {
        Set<String> found = new TreeSet<>();
        for (String text : texts) {
            Matcher matcher = Pattern.compile(pattern).matcher(text);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    @Test
    void theBeansTheRoutesCallAreTheContracts() {
        assertThat(all("ref: (\\w+)", INTAKE, SUBMIT, RESOLUTIONS)).containsExactlyInAnyOrder(
                RouteContract.COMMAND_INTAKE, RouteContract.KAFKA_OFFSETS, RouteContract.SUBMISSION_QUEUES,
                RouteContract.RESOLUTION_INTAKE);
        assertThat(all("\"#(\\w+)\"", SUBMIT)).containsExactly(RouteContract.API_HEADER_FILTER);
    }

    @Test
    void theExchangePropertiesTheRoutesReadAreTheContracts() {
        assertThat(all("exchangeProperty\\.(\\w+)", INTAKE)).isEmpty();
        assertThat(all("exchangeProperty\\.(\\w+)", SUBMIT)).containsExactly(RouteContract.RESULT_KIND);
        assertThat(all("exchangeProperty\\.(\\w+)", RESOLUTIONS)).containsExactlyInAnyOrder(
                RouteContract.RESOLUTION_FORWARDED, RouteContract.ACCOUNT_QUEUE);
        assertThat(SUBMIT).contains("'SUCCEEDED'", "'FAILED'").doesNotContain("otherwise");
    }

    @Test
    void theSubmitTemplateTakesTheContractsParameters() {
        assertThat(all("routeTemplate:\\s+id: (\\w+)", SUBMIT)).containsExactly(SubmitTemplate.ID);
        Set<String> parameters = all("- name: (\\w+)", SUBMIT);
        assertThat(parameters).containsExactlyInAnyOrder(SubmitTemplate.QUEUE, SubmitTemplate.GROUP,
                SubmitTemplate.SUBMISSION, SubmitTemplate.PAYOUT_URL);
        // placeholders without a dot are the template's parameters; with one, settings
        assertThat(all("\\{\\{(\\w+)}}", SUBMIT)).isEqualTo(parameters);
    }
}
