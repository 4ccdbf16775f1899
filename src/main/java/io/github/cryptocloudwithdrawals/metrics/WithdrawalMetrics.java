package io.github.cryptocloudwithdrawals.metrics;

import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

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
 *   <li>{@code withdrawals_result_latency_seconds{outcome}}: from a command's publication to its result event</li>
 *   <li>{@code withdrawals_intake_commands_total{result}}: commands the intake read, {@code queued} for their
 *       account or {@code answered} at once</li>
 *   <li>{@code withdrawals_payouts_held{account}}: 1 while the account's calls are held (key refused, API unreachable)</li>
 *   <li>{@code withdrawals_api_min_interval_seconds{account}}: the interval kept between the account's calls</li>
 * </ul>
 * Every counter an alert or a panel counts the increase of exists from the start, at 0: Prometheus'
 * {@code increase()} does not count a series' first sample, so a first rate-limited failure would go unseen.
 */
public final class WithdrawalMetrics {

    /** From a lone invalid command (milliseconds) to a command behind a day of queued payouts. */
    private static final Duration[] RESULT_LATENCY_BUCKETS = Stream.of(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0,
            300.0, 900.0, 3600.0, 4 * 3600.0, 24 * 3600.0).map(seconds -> Duration.ofMillis((long) (seconds * 1000)))
            .toArray(Duration[]::new);

    private final MeterRegistry registry;

    public WithdrawalMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (boolean replayed : new boolean[] {false, true}) {
            results("succeeded", "none", replayed);
            for (ErrorType type : ErrorType.values()) {
                results("failed", type.wireName(), replayed);
            }
        }
        resolutions(true);
        resolutions(false);
        intakeCommands(true);
        intakeCommands(false);
    }

    public void result(ResultEvent event) {
        String errorType = event.body().path("error").path("type").asText("none");
        results(outcome(event), errorType, event.replayed()).increment();
    }

    private Counter results(String outcome, String errorType, boolean replayed) {
        return Counter.builder("withdrawals.results")
                .description("Result events published, by outcome and error type")
                .tag("outcome", outcome)
                .tag("error_type", errorType)
                .tag("replayed", Boolean.toString(replayed))
                .register(registry);
    }

    private static String outcome(ResultEvent event) {
        return event.kind() == ResultEvent.Kind.SUCCEEDED ? "succeeded" : "failed";
    }

    /** @param millis from the command's publication (its record's timestamp) to its result */
    public void resultLatency(ResultEvent event, long millis) {
        Timer.builder("withdrawals.result.latency")
                .description("Time from a command's publication to its result event")
                .tag("outcome", outcome(event))
                .serviceLevelObjectives(RESULT_LATENCY_BUCKETS)
                .register(registry)
                .record(millis, TimeUnit.MILLISECONDS);
    }

    /** @param queued true: passed on to its account's queue; false: answered by the intake at once */
    public void intakeCommand(boolean queued) {
        intakeCommands(queued).increment();
    }

    private Counter intakeCommands(boolean queued) {
        return either("withdrawals.intake.commands", "Commands the intake read: queued for their account, or answered at once",
                queued ? "queued" : "answered");
    }

    /** A counter of things that end one of two ways, the way in its tag {@code result}. */
    private Counter either(String name, String description, String result) {
        return Counter.builder(name).description(description).tag("result", result).register(registry);
    }

    /** @param held read on every scrape: whether the account's submission holds a command the API did not execute */
    public void payoutsHeld(String account, BooleanSupplier held) {
        Gauge.builder("withdrawals.payouts.held", () -> held.getAsBoolean() ? 1 : 0)
                .description("1 while the account's calls are held because CryptoCloud refused the key or could not be reached")
                .tag("account", account)
                .register(registry);
    }

    public void minInterval(String account, long millis) {
        Gauge.builder("withdrawals.api.min.interval", () -> millis / 1000.0)
                .description("The interval kept between two CryptoCloud calls of the account")
                .tag("account", account)
                .baseUnit("seconds")
                .register(registry);
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
        resolutions(applied).increment();
    }

    private Counter resolutions(boolean applied) {
        return either("withdrawals.resolutions", "Operators' resolutions of outcome_unknown results, applied or refused",
                applied ? "applied" : "refused");
    }
}
