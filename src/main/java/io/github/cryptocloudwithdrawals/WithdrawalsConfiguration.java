package io.github.cryptocloudwithdrawals;

import io.github.cryptocloudwithdrawals.command.CommandIntake;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiCredentials;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiHeaderFilterStrategy;
import io.github.cryptocloudwithdrawals.cryptocloud.FaultBackoff;
import io.github.cryptocloudwithdrawals.cryptocloud.PayoutSubmission;
import io.github.cryptocloudwithdrawals.cryptocloud.RateGate;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import java.time.Clock;
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
        ResultEvents events = new ResultEvents(clock, settings.eventSource());
        CommandIntake intake = new CommandIntake(new CommandReader(), new CommandValidator(settings.maxAmounts()), events);
        registry.bind("commandIntake", intake);
        registry.bind("payoutSubmission", new PayoutSubmission(intake, events,
                ApiCredentials.of(settings.apiKey(), settings.apiKeyFile()),
                new RateGate(settings.minIntervalMillis(), settings.intervalMarginMillis()),
                clock,
                settings.rateLimitRetries(),
                new FaultBackoff(settings.faultBackoffInitialMillis(), settings.faultBackoffMaxMillis())));
        registry.bind("apiHeaderFilter", new ApiHeaderFilterStrategy());
        registry.bind("kafkaOffsets", new KafkaOffsets());
    }
}
