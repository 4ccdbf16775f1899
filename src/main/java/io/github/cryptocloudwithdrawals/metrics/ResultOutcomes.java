package io.github.cryptocloudwithdrawals.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultObserver;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every result going out ({@code withdrawals_results_total}), times it from its command's
 * publication ({@code withdrawals_result_latency_seconds}) and logs it: one line per command outcome.
 */
public final class ResultOutcomes implements ResultObserver {

    private static final Logger LOG = LoggerFactory.getLogger(ResultOutcomes.class);

    private final WithdrawalMetrics metrics;
    private final Clock clock;

    public ResultOutcomes(WithdrawalMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void publishing(ResultEvent event, Long commandTimestampMillis) {
        metrics.result(event);
        Long latencyMillis = commandTimestampMillis == null ? null : clock.millis() - commandTimestampMillis;
        if (latencyMillis != null) {
            metrics.resultLatency(event, latencyMillis);
        }
        ObjectNode body = event.body();
        if (event.kind() == ResultEvent.Kind.SUCCEEDED) {
            LOG.info("request_id={} outcome=succeeded replayed={} account={} invoice_id={} currency_code={} amount={} "
                            + "latency_ms={}", event.requestId(), event.replayed(), PayoutAccount.label(body.path("account").textValue()),
                    body.path("invoice_id").asText(),
                    body.path("currency_code").asText(), body.path("amount").asText(), latencyMillis);
        } else {
            JsonNode error = body.path("error");
            LOG.info("request_id={} outcome=failed replayed={} error={} field={} http_status={} latency_ms={} message={}",
                    event.requestId(), event.replayed(), error.path("type").asText(), error.path("field").asText(null),
                    error.path("http_status").asText(null), latencyMillis, error.path("message").asText());
        }
    }
}
