package io.github.cryptocloudwithdrawals.testsupport;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;

/**
 * The transaction version a cluster runs its transactions under (the finalized level of the
 * {@code transaction.version} feature): 2 on a cluster formatted by Kafka 4.x (KIP-890: a new
 * producer epoch with every transaction, the broker's own defence against hanging transactions),
 * 0 on Kafka 3.9, which has no such feature.
 */
public final class TransactionVersion {

    private TransactionVersion() {
    }

    public static short of(Map<String, Object> client) {
        try (Admin admin = Admin.create(client)) {
            FinalizedVersionRange range = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                    .finalizedFeatures().get("transaction.version");
            return range == null ? 0 : range.maxVersionLevel();
        } catch (Exception e) {
            throw new IllegalStateException("could not read the cluster's features", e);
        }
    }
}
