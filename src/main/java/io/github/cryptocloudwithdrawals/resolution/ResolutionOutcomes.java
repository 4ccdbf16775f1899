package io.github.cryptocloudwithdrawals.resolution;

import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each resolution, told once: a log line with its request id and reason, and the
 * counter {@code withdrawals_resolutions_total}. A resolution never carries a key or a secret,
 * and only its own fields are logged.
 */
public final class ResolutionOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(ResolutionOutcomes.class);

    private final WithdrawalMetrics metrics;

    public ResolutionOutcomes(WithdrawalMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param requestId the request it names, or {@code null} when it names none soundly */
    public void refused(String requestId, Resolution.RecordId record, String reason) {
        LOG.warn("request_id={} resolution {} refused: {}; nothing changed", requestId, record, reason);
        metrics.resolution(false);
    }

    /** The same resolution delivered again (a redelivery, a second instance): no second effect, not counted again. */
    public void alreadyApplied(Resolution resolution) {
        LOG.info("request_id={} resolution {} ({}) was applied already: nothing more to do", resolution.requestId(),
                resolution.record(), resolution.kind().wireName());
    }

    public void applied(Resolution resolution) {
        LOG.info("request_id={} resolution {} applied: {}{} (resolved_by {})", resolution.requestId(), resolution.record(),
                resolution.kind().wireName(), resolution.kind() == Resolution.Kind.PAID
                        ? ", invoice " + resolution.invoiceId() + ", no call"
                        : ": the original command is sent once more", resolution.resolvedBy());
        metrics.resolution(true);
    }
}
