package io.github.cryptocloudwithdrawals;

import io.github.cryptocloudwithdrawals.command.CommandIntake;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAvailability;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiCredentials;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiHeaderFilterStrategy;
import io.github.cryptocloudwithdrawals.cryptocloud.FaultBackoff;
import io.github.cryptocloudwithdrawals.cryptocloud.PayoutSubmission;
import io.github.cryptocloudwithdrawals.cryptocloud.RateGate;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import io.github.cryptocloudwithdrawals.ledger.Ledger;
import io.github.cryptocloudwithdrawals.metrics.ConsumerLag;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/** Creates the beans the YAML routes refer to by name, from the checked settings. */
public final class WithdrawalsConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        ServiceSettings settings = ServiceSettings.from(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        // a test may bind its own clock before start-up
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
        }
        // One registry for Camel's metrics and ours, under the name Camel's Prometheus support
        // uses; whichever of the two starts first creates it.
        MeterRegistry meterRegistry = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meterRegistry == null) {
            meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meterRegistry);
        }
        WithdrawalMetrics metrics = new WithdrawalMetrics(meterRegistry);
        ResultEvents events = new ResultEvents(clock, settings.eventSource(), metrics);
        CommandIntake intake = new CommandIntake(new CommandReader(), new CommandValidator(settings.maxAmounts()), events);
        registry.bind("commandIntake", intake);

        Supplier<Properties> kafka = () -> KafkaConnection.of(context);
        Ledger ledger = new Ledger(settings.ledgerTopic(), kafka);
        ConsumerLag lag = new ConsumerLag(kafka);
        metrics.pendingCommands("intake", () -> lag.of(settings.groupId(), settings.commandsTopic()));
        metrics.pendingCommands("submission", () -> lag.of(settings.groupId() + ".submitter", settings.submissionsTopic()));
        try {
            // services start in this order, before any route consumes
            context.addService(new InternalTopics(kafka, settings.submissionsTopic(), settings.ledgerTopic()), true, true);
            context.addService(ledger, true, true);
            context.addService(lag, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the ledger", e);
        }
        // a health check in the registry is picked up by Camel's health endpoint (readiness)
        ApiAvailability availability = new ApiAvailability();
        registry.bind("cryptocloudApiHealth", availability);
        registry.bind("payoutSubmission", new PayoutSubmission(intake, ledger, events,
                ApiCredentials.of(settings.apiKey(), settings.apiKeyFile()),
                new RateGate(settings.minIntervalMillis(), settings.intervalMarginMillis()),
                clock,
                settings.rateLimitRetries(),
                new FaultBackoff(settings.faultBackoffInitialMillis(), settings.faultBackoffMaxMillis()),
                availability, metrics));
        registry.bind("apiHeaderFilter", new ApiHeaderFilterStrategy());
        registry.bind("kafkaOffsets", new KafkaOffsets());
    }
}
