package io.github.cryptocloudwithdrawals.metrics;

import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The service's own metrics, published with Camel's on {@code /observe/metrics} (names as
 * Prometheus shows them):
 * <ul>
 *   <li>{@code withdrawals_results_total{outcome, error_type, replayed}}: result events published</li>
 *   <li>{@code withdrawals_api_call_seconds{account, answer}}: CryptoCloud call latency, as a histogram</li>
 *   <li>{@code withdrawals_throttle_wait_seconds{account}}: time a command waited for its turn to call</li>
 *   <li>{@code withdrawals_commands_pending{stage, account}}: records not yet processed (consumer lag)
 *       of the intake (commands topic, account "all") and of each account's submission stage</li>
 *   <li>{@code withdrawals_unresolved_unknown{account}}: requests whose result is {@code outcome_unknown},
 *       not yet resolved by an operator</li>
 *   <li>{@code withdrawals_resolutions_total{result}}: operators' resolutions, {@code applied} or {@code refused}</li>
 * </ul>
 */
public final class WithdrawalMetrics {

    private final MeterRegistry registry;

    public WithdrawalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void result(ResultEvent event) {
        String errorType = event.body().path("error").path("type").asText("none");
        Counter.builder("withdrawals.results")
                .description("Result events published, by outcome and error type")
                .tag("outcome", event.kind() == ResultEvent.Kind.SUCCEEDED ? "succeeded" : "failed")
                .tag("error_type", errorType)
                .tag("replayed", Boolean.toString(event.replayed()))
                .register(registry)
                .increment();
    }

    /** @param answer what the call came to: created, rejected, rate_limited, not_executed, unknown */
    public void apiCall(String account, String answer, long nanos) {
        Timer.builder("withdrawals.api.call")
                .description("CryptoCloud payout call latency, by account and answer")
                .tag("account", account)
                .tag("answer", answer)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void throttleWait(String account, long nanos) {
        Timer.builder("withdrawals.throttle.wait")
                .description("Time a command waited in the throttle for its turn to call CryptoCloud")
                .tag("account", account)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * @param account the account whose queue this is, or "all" for the intake
     * @param pending read on every scrape; NaN when Kafka cannot say
     */
    public void pendingCommands(String stage, String account, Supplier<Number> pending) {
        Gauge.builder("withdrawals.commands.pending", pending)
                .description("Records not yet processed by a stage (consumer group lag)")
                .tag("stage", stage)
                .tag("account", account)
                .register(registry);
    }

    /** @param unresolved read on every scrape, from the ledger */
    public void unresolvedUnknown(String account, Supplier<Number> unresolved) {
        Gauge.builder("withdrawals.unresolved.unknown", unresolved)
                .description("Requests whose result is outcome_unknown and not yet resolved by an operator")
                .tag("account", account)
                .register(registry);
    }

    /** @param applied false: refused */
    public void resolution(boolean applied) {
        Counter.builder("withdrawals.resolutions")
                .description("Operators' resolutions of outcome_unknown results, applied or refused")
                .tag("result", applied ? "applied" : "refused")
                .register(registry)
                .increment();
    }
}
