package io.github.cryptocloudwithdrawals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ResultOutcomesTest {

    @Test
    void everyResultGoingOutIsCountedByOutcomeErrorTypeAndReplay() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
        ResultOutcomes outcomes = new ResultOutcomes(new WithdrawalMetrics(registry), clock);
        ResultEvents events = new ResultEvents(clock);
        ResultEvent conflict = events.failed("r-1", Failure.of(ErrorType.CONFLICT, "m"), null);

        outcomes.publishing(conflict, null);
        outcomes.publishing(events.replay(conflict), clock.millis() - 40);

        assertThat(registry.get("withdrawals.results").tags("outcome", "failed", "error_type", "conflict", "replayed", "false")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("withdrawals.results").tags("outcome", "failed", "error_type", "conflict", "replayed", "true")
                .counter().count()).isEqualTo(1);
    }
}
