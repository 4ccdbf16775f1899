package io.github.cryptocloudwithdrawals;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a record's offset. The routes call it last, after the record that answers the command
 * was acknowledged by Kafka, so a crash before this point means the command is read again, never
 * that it is lost.
 */
public final class KafkaOffsets {

    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("no manual commit on the exchange: the consumer must set allowManualCommit=true");
        }
        commit.commit();
    }
}
