package io.github.cryptocloudwithdrawals.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sandbox's rate limit on arrival times given by the test: no clock involved. */
class MinimumIntervalTest {

    private static final long MS = 1_000_000;

    /** Arrivals in ms since the first call, and whether each after the first is refused as too soon. */
    @ParameterizedTest(name = "arrivals {0}: refused {1}")
    @CsvSource(delimiter = '|', value = {
            "0 199     | true",
            "0 200     | false",
            "0 250 400 | false true",
            // measured from the refused call's arrival, which also counts
            "0 150 349 | true true",
            "0 150 350 | true false",
            // two calls reaching the check in the opposite order of their timestamps
            "0 250 210 | false true"})
    void aCallIsRefusedWhenItArrivesLessThanTheIntervalAfterThePreviousOne(String arrivals, String refused) {
        MinimumInterval interval = new MinimumInterval(200);
        String[] at = arrivals.split(" ");
        String[] expected = refused.split(" ");
        assertThat(interval.arrive(Long.parseLong(at[0]) * MS)).as("the first call").isFalse();
        for (int i = 1; i < at.length; i++) {
            assertThat(interval.arrive(Long.parseLong(at[i]) * MS)).as("the call at " + at[i] + " ms")
                    .isEqualTo(Boolean.parseBoolean(expected[i - 1]));
        }
    }
}
