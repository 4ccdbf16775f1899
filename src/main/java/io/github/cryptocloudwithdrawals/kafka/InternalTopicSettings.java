package io.github.cryptocloudwithdrawals.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What the service's own topics must be set to for "never pay twice, never lose a command" to
 * hold under Kafka's own rules, and what is done about a topic created otherwise: a setting the
 * service can safely change is corrected (and said so in the log), any other stops start-up with
 * one line naming the topic and the setting.
 */
public final class InternalTopicSettings {

    /** The two kinds of internal topic. */
    enum Kind {
        /**
         * An account's submissions topic: commands wait here, possibly for days, until their turn.
         * Records are kept until consumed (no retention) and purged once consumed.
         */
        QUEUE,
        /** The request ledger: compacted, so the latest record of every request is kept for good. */
        LEDGER
    }

    /**
     * What an existing topic needs.
     *
     * @param corrections settings to change, with their new values
     * @param refusal     why the service must not start with the topic as it is, if it must not
     */
    record Review(Map<String, String> corrections, Optional<String> refusal) {
    }

    private InternalTopicSettings() {
    }

    /** The settings a missing topic is created with, besides its one partition and replication factor. */
    static Map<String, String> forNewTopic(Kind kind, Optional<Integer> minInsyncReplicas) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (kind == Kind.QUEUE) {
            settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            settings.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
            settings.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        } else {
            settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        minInsyncReplicas.ifPresent(replicas -> settings.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicas.toString()));
        return settings;
    }

    /**
     * Reviews an existing topic.
     *
     * @param settings its effective settings (the broker's defaults where the topic sets none)
     */
    static Review review(Kind kind, String topic, int partitions, Map<String, String> settings) {
        String policy = settings.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        Map<String, String> corrections = new LinkedHashMap<>();
        if ("true".equals(settings.get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG))) {
            // an unclean election loses acknowledged records: a request's history could go back
            corrections.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
        }
        if (kind == Kind.LEDGER) {
            // The ledger's partition count is not checked: the service writes and reads its
            // partition 0 only, and a ledger cannot be replaced without forgetting what was paid.
            if (!policy.equals(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                return refused("internal topic " + topic + ": cleanup.policy is " + policy + ", but the ledger needs "
                        + "exactly compact (with delete, retention would forget which requests were paid); set it with "
                        + "kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                        + " --add-config cleanup.policy=compact");
            }
            return new Review(corrections, Optional.empty());
        }
        if (partitions != 1) {
            return refused("internal topic " + topic + ": it has " + partitions + " partitions, but a queue needs "
                    + "exactly 1 (one caller per API key, in order); recreate it with 1 partition once it is drained");
        }
        if (policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            return refused("internal topic " + topic + ": cleanup.policy is " + policy + ", but a queue needs delete "
                    + "(compaction drops a queued command when another with the same request_id follows it)");
        }
        for (String retention : new String[] {TopicConfig.RETENTION_MS_CONFIG, TopicConfig.RETENTION_BYTES_CONFIG}) {
            if (!"-1".equals(settings.get(retention))) {
                // records wait in a queue for their turn: none may expire unread
                corrections.put(retention, "-1");
            }
        }
        return new Review(corrections, Optional.empty());
    }

    private static Review refused(String reason) {
        return new Review(Map.of(), Optional.of(reason));
    }
}
