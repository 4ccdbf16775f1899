package io.github.cryptocloudwithdrawals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.kafka.InternalTopicSettings.Kind;
import io.github.cryptocloudwithdrawals.kafka.InternalTopicSettings.Review;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InternalTopicSettingsTest {

    /** A topic as the service creates it, with the stock broker's other defaults. */
    private static Map<String, String> asCreated(Kind kind) {
        Map<String, String> settings = new HashMap<>(InternalTopicSettings.forNewTopic(kind, Optional.empty()));
        settings.put("unclean.leader.election.enable", "false");
        settings.put("delete.retention.ms", "86400000");
        if (kind == Kind.LEDGER) {
            settings.put("retention.ms", "604800000");
            settings.put("retention.bytes", "-1");
        }
        return settings;
    }

    @Test
    void topicsAsTheServiceCreatesThemNeedNothing() {
        for (Kind kind : Kind.values()) {
            assertThat(InternalTopicSettings.review(kind, "t", 1, asCreated(kind)))
                    .isEqualTo(new Review(Map.of(), Optional.empty()));
        }
    }

    @Test
    void topicsAreCreatedToKeepQueuedCommandsUntilConsumedAndTheLedgerCompacted() {
        assertThat(InternalTopicSettings.forNewTopic(Kind.QUEUE, Optional.of(2))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1", "min.insync.replicas", "2"));
        assertThat(InternalTopicSettings.forNewTopic(Kind.LEDGER, Optional.empty()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "compact"));
    }

    @ParameterizedTest(name = "{0} with {1}={2} ({3} partitions): {4}")
    @CsvSource(delimiter = '|', value = {
            // corrected: changing them is safe, and they would lose records
            "QUEUE  | retention.ms                   | 604800000      | 1 | correct retention.ms=-1",
            "QUEUE  | retention.bytes                | 1073741824     | 1 | correct retention.bytes=-1",
            "QUEUE  | unclean.leader.election.enable | true           | 1 | correct unclean.leader.election.enable=false",
            "LEDGER | unclean.leader.election.enable | true           | 1 | correct unclean.leader.election.enable=false",
            // refused: no safe change the service could make
            "QUEUE  | cleanup.policy                 | compact        | 1 | refuse cleanup.policy is compact, but a queue needs delete",
            "QUEUE  | cleanup.policy                 | compact,delete | 1 | refuse cleanup.policy is compact,delete, but a queue needs delete",
            "QUEUE  | retention.ms                   | -1             | 3 | refuse it has 3 partitions, but a queue needs exactly 1",
            "LEDGER | cleanup.policy                 | delete         | 1 | refuse cleanup.policy is delete, but the ledger needs exactly compact",
            "LEDGER | cleanup.policy                 | compact,delete | 1 | refuse cleanup.policy is compact,delete, but the ledger needs exactly compact",
            // the ledger's partition count and retention do not matter: partition 0 only, compacted
            "LEDGER | retention.ms                   | 1000           | 4 | nothing",
    })
    void anExistingTopicIsCorrectedOrRefused(Kind kind, String setting, String value, int partitions, String expected) {
        Map<String, String> settings = asCreated(kind);
        settings.put(setting, value);

        Review review = InternalTopicSettings.review(kind, "topic-x", partitions, settings);

        if (expected.startsWith("correct ")) {
            String[] correction = expected.substring("correct ".length()).split("=");
            assertThat(review.refusal()).isEmpty();
            assertThat(review.corrections()).containsExactlyEntriesOf(Map.of(correction[0], correction[1]));
        } else if (expected.startsWith("refuse ")) {
            assertThat(review.refusal()).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("internal topic topic-x: ").contains(expected.substring("refuse ".length())));
        } else {
            assertThat(review).isEqualTo(new Review(Map.of(), Optional.empty()));
        }
    }
}
