package io.github.cryptocloudwithdrawals.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.history.RequestState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether a resolution (published at offset 10 of partition 0) applies, one row per case: the
 * request's latest ledger state, for a final result whether it is outcome_unknown and which
 * resolution, if any, it came from, whether the resolution was published before or after that
 * result was recorded, and which outcome the resolutions route found it applies to.
 */
class ApplicabilityTest {

    private static final Resolution.RecordId THIS = new Resolution.RecordId("resolutions", 0, 10);
    /** When the request's latest result was recorded; the resolution is published a second before or after. */
    private static final Instant RECORDED_AT = Instant.parse("2026-11-25T10:00:00Z");
    /** The {@code ce_id} of the request's latest result. */
    private static final String CURRENT_OUTCOME = "ce-current";

    @ParameterizedTest(name = "ledger {0}, unknown {1}, resolved by {2}, published {3} it, forwarded for {4}: {5}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            # ledger       | result unknown | resolved by      | published | forwarded for | verdict
            -              | -              | -                | -         | -             | UNKNOWN_REQUEST
            IN_FLIGHT      | -              | -                | -         | -             | NOT_FINISHED
            NOT_SENT       | -              | -                | -         | -             | NOT_FINISHED
            DONE_UNKNOWN   | true           | -                | after     | -             | APPLIES
            DONE_UNKNOWN   | true           | -                | after     | this          | APPLIES
            # an earlier version's done record of an outcome_unknown
            DONE           | true           | -                | after     | -             | APPLIES
            DONE           | false          | -                | after     | -             | NOT_UNKNOWN
            DONE_RETRYABLE | false          | -                | after     | -             | NOT_UNKNOWN
            # resolved: by another resolution, by this one, or by a later one of the same partition
            DONE           | false          | resolutions-0@4  | after     | -             | ALREADY_RESOLVED
            DONE           | false          | resolutions-0@10 | before    | earlier       | ALREADY_APPLIED
            DONE           | false          | resolutions-0@12 | before    | earlier       | ALREADY_APPLIED
            # not_paid whose call ended unknown again: resolvable again, but not by the same resolution
            DONE_UNKNOWN   | true           | resolutions-0@4  | after     | -             | APPLIES
            DONE_UNKNOWN   | true           | resolutions-0@10 | before    | earlier       | ALREADY_APPLIED
            # ...nor by one meant for an earlier outcome: published before this one, or found to apply to another
            DONE_UNKNOWN   | true           | resolutions-0@4  | before    | -             | PUBLISHED_BEFORE_OUTCOME
            DONE_UNKNOWN   | true           | -                | before    | -             | PUBLISHED_BEFORE_OUTCOME
            DONE_UNKNOWN   | true           | resolutions-0@4  | after     | earlier       | PUBLISHED_BEFORE_OUTCOME
            DONE           | false          | -                | before    | earlier       | NOT_UNKNOWN
            # forwarded by an earlier version, without its publication time or outcome
            DONE_UNKNOWN   | true           | resolutions-0@4  | -         | -             | APPLIES
            # another partition or topic cannot be ordered against this one
            DONE_UNKNOWN   | true           | resolutions-1@40 | after     | -             | APPLIES
            DONE_UNKNOWN   | true           | older-0@40       | after     | -             | APPLIES
            DONE           | false          | resolutions-1@40 | after     | -             | ALREADY_RESOLVED
            """)
    void whetherAResolutionApplies(RequestState state, Boolean unknown, String resolvedBy, String published,
                                   String forwardedFor, Applicability.Verdict verdict) {
        Optional<Applicability.Recorded> recorded = Optional.ofNullable(unknown).map(u -> new Applicability.Recorded(u,
                Optional.ofNullable(resolvedBy).map(ApplicabilityTest::record), u ? "failed with outcome_unknown" : "succeeded",
                RECORDED_AT, CURRENT_OUTCOME));
        Instant publishedAt = published == null ? null
                : RECORDED_AT.plusSeconds("after".equals(published) ? 1 : -1);
        String outcome = forwardedFor == null ? null : "this".equals(forwardedFor) ? CURRENT_OUTCOME : "ce-earlier";
        Resolution resolution = new Resolution("payout-1", Resolution.Kind.NOT_PAID, null, null, "alice", null, THIS,
                publishedAt, outcome);

        assertThat(Applicability.of(Optional.ofNullable(state), recorded, resolution)).isEqualTo(verdict);
    }

    private static Resolution.RecordId record(String text) {
        String[] topicAndRest = text.split("-");
        String[] partitionAndOffset = topicAndRest[1].split("@");
        return new Resolution.RecordId(topicAndRest[0], Integer.parseInt(partitionAndOffset[0]),
                Long.parseLong(partitionAndOffset[1]));
    }
}
