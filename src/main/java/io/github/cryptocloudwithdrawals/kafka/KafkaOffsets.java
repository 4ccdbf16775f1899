package io.github.cryptocloudwithdrawals.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits offsets. The routes call it last, after the records that answer the commands were
 * acknowledged by Kafka, so a crash before this point means the commands are read again, never
 * that they are lost.
 */
public final class KafkaOffsets {

    /** Commits the offset of the exchange's record. */
    public void commit(Exchange exchange) {
        manualCommit(exchange).commit();
    }

    /**
     * Commits the offsets of a batch (the body is the list of its records' exchanges, as Camel's
     * batching consumer hands it over): the last record's of each partition, which covers the
     * records before it on that partition.
     */
    public void commitBatch(Exchange batch) {
        Map<String, KafkaManualCommit> lastOfEachPartition = new LinkedHashMap<>();
        for (Object record : batch.getMessage().getBody(List.class)) {
            Exchange exchange = (Exchange) record;
            lastOfEachPartition.put(exchange.getMessage().getHeader(KafkaConstants.TOPIC) + "-"
                    + exchange.getMessage().getHeader(KafkaConstants.PARTITION), manualCommit(exchange));
        }
        lastOfEachPartition.values().forEach(KafkaManualCommit::commit);
    }

    private static KafkaManualCommit manualCommit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("no manual commit on the exchange: the consumer must set allowManualCommit=true");
        }
        return commit;
    }
}
