package io.github.cryptocloudwithdrawals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WithdrawalMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WithdrawalMetrics metrics = new WithdrawalMetrics(registry);

    /** Prometheus' increase() misses a series' first sample: the first rate-limited failure must not be it. */
    @Test
    void everyCountedResultResolutionAndIntakeCommandIsThereAtZeroFromTheStart() {
        for (String replayed : new String[] {"false", "true"}) {
            assertThat(count("withdrawals.results", "outcome", "succeeded", "error_type", "none", "replayed", replayed)).isZero();
            for (ErrorType type : ErrorType.values()) {
                assertThat(count("withdrawals.results", "outcome", "failed", "error_type", type.wireName(), "replayed",
                        replayed)).as(type.wireName()).isZero();
            }
        }
        assertThat(count("withdrawals.resolutions", "result", "applied")).isZero();
        assertThat(count("withdrawals.resolutions", "result", "refused")).isZero();
        assertThat(count("withdrawals.intake.commands", "result", "queued")).isZero();
        assertThat(count("withdrawals.intake.commands", "result", "answered")).isZero();

        metrics.intakeCommand(true);
        metrics.intakeCommand(false);
        metrics.intakeCommand(false);

        assertThat(count("withdrawals.intake.commands", "result", "queued")).isEqualTo(1);
        assertThat(count("withdrawals.intake.commands", "result", "answered")).isEqualTo(2);
    }

    @Test
    void payoutsHeldIsOneExactlyWhileTheAccountHoldsACommand() {
        AtomicBoolean held = new AtomicBoolean();
        metrics.payoutsHeld("treasury", held::get);

        assertThat(registry.get("withdrawals.payouts.held").tag("account", "treasury").gauge().value()).isZero();
        held.set(true);
        assertThat(registry.get("withdrawals.payouts.held").tag("account", "treasury").gauge().value()).isEqualTo(1);
        held.set(false);
        assertThat(registry.get("withdrawals.payouts.held").tag("account", "treasury").gauge().value()).isZero();
    }

    @Test
    void theIntervalIsGivenInSeconds() {
        metrics.minInterval("default", 12_000);

        assertThat(registry.get("withdrawals.api.min.interval").tag("account", "default").gauge().value()).isEqualTo(12.0);
    }

    @Test
    void resultLatencyFallsInBucketsFromMillisecondsToADayAndIgnoresAProducerClockAhead() {
        ResultEvents events = new ResultEvents(Clock.systemUTC());
        ResultEvent rejected = events.failed("r-1", Failure.of(ErrorType.REJECTED, "m"), null);

        metrics.resultLatency(rejected, 12_400);
        metrics.resultLatency(rejected, 40);
        metrics.resultLatency(rejected, -300);

        Timer timer = registry.get("withdrawals.result.latency").tag("outcome", "failed").timer();
        assertThat(timer.count()).isEqualTo(2);
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        assertThat(Arrays.stream(buckets).map(bucket -> bucket.bucket(TimeUnit.SECONDS)))
                .contains(0.05, 15.0, 3600.0, 86400.0);
        assertThat(Arrays.stream(buckets).filter(bucket -> bucket.bucket(TimeUnit.SECONDS) == 0.05)
                .findFirst().orElseThrow().count()).isEqualTo(1);
        assertThat(Arrays.stream(buckets).filter(bucket -> bucket.bucket(TimeUnit.SECONDS) == 15.0)
                .findFirst().orElseThrow().count()).isEqualTo(2);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }
}
