package io.github.cryptocloudwithdrawals;

import io.github.cryptocloudwithdrawals.command.CommandIntake;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAvailability;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiCredentials;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiHeaderFilterStrategy;
import io.github.cryptocloudwithdrawals.cryptocloud.FaultBackoff;
import io.github.cryptocloudwithdrawals.cryptocloud.PayoutAccount;
import io.github.cryptocloudwithdrawals.cryptocloud.PayoutAccounts;
import io.github.cryptocloudwithdrawals.cryptocloud.PayoutSubmission;
import io.github.cryptocloudwithdrawals.cryptocloud.QueueGuard;
import io.github.cryptocloudwithdrawals.cryptocloud.RateGate;
import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.ledger.Ledger;
import io.github.cryptocloudwithdrawals.metrics.ConsumerLag;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the beans the YAML routes refer to by name, from the checked settings, and one
 * submission route per CryptoCloud account (from the {@code submit} route template).
 */
public final class WithdrawalsConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WithdrawalsConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        ServiceSettings settings = ServiceSettings.from(context.getPropertiesComponent());
        settings.management().ensureAvailable();
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
        PayoutAccounts accounts = accounts(settings);
        DeploymentNames deployment = settings.deployment();
        DeploymentStamp stamp = new DeploymentStamp(deployment.commandsTopic());
        Supplier<Properties> kafka = () -> KafkaConnection.of(context);
        Ledger ledger = new Ledger(deployment.ledgerTopic(), stamp, kafka);
        CommandIntake intake = new CommandIntake(new CommandReader(),
                new CommandValidator(settings.maxAmounts(), accounts.known()), events,
                account -> accounts.named(account).submissionsTopic(),
                identity -> ledger.mayKnow(identity.account(), identity.requestId()), stamp);
        registry.bind("commandIntake", intake);

        ConsumerLag lag = new ConsumerLag(kafka);
        metrics.pendingCommands("intake", "all", () -> lag.of(settings.groupId(), deployment.commandsTopic()));
        SubmissionQueues queues = new SubmissionQueues(kafka, settings.queuePurgeIntervalMillis());
        registry.bind("submissionQueues", queues);
        SubmitRoutes submitRoutes = new SubmitRoutes(settings.payoutUrl());
        for (PayoutAccount account : accounts.all()) {
            metrics.pendingCommands("submission", account.label(),
                    () -> lag.of(account.submitterGroup(), account.submissionsTopic()));
            // a health check in the registry is picked up by Camel's health endpoint (readiness)
            ApiAvailability availability = new ApiAvailability(account);
            registry.bind("cryptocloudApiHealth-" + account.label(), availability);
            String submission = "payoutSubmission-" + account.label();
            registry.bind(submission, new PayoutSubmission(account, intake, ledger.scope(account.name()), events,
                    new RateGate(settings.minIntervalMillis(), settings.intervalMarginMillis()),
                    clock,
                    settings.rateLimitRetries(),
                    new FaultBackoff(settings.faultBackoffInitialMillis(), settings.faultBackoffMaxMillis()),
                    availability, metrics, queues::holds));
            String guard = "queueGuard-" + account.label();
            registry.bind(guard, new QueueGuard(account, stamp));
            submitRoutes.add(account, submission, guard);
        }
        registry.bind("submitRoutes", submitRoutes);
        try {
            // services start in this order, before any route consumes
            context.addService(new KafkaReachability(settings.bootstrapServers(),
                    ServiceSettings.environmentVariable("kafka.bootstrap-servers")), true, true);
            context.addService(new EarlierVersionUpgrade(kafka, deployment, settings.groupId(), accounts.all()), true, true);
            context.addService(new PublicTopics(kafka, List.of(deployment.commandsTopic(), settings.succeededTopic(),
                    settings.failedTopic())), true, true);
            context.addService(new InternalTopics(kafka, accounts.all().stream().map(PayoutAccount::submissionsTopic)
                    .toList(), deployment.ledgerTopic(), settings.internalTopicsReplicationFactor(),
                    settings.internalTopicsMinInsyncReplicas()), true, true);
            context.addService(ledger, true, true);
            context.addService(lag, true, true);
            context.addService(queues, true, true);
            String started = startedLine(settings, accounts);
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext camelContext, boolean alreadyStarted) {
                    // not yet: the routes start after this
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext camelContext, boolean alreadyStarted) {
                    LOG.info(started);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("could not register the services that start before the routes", e);
        }
        registry.bind("apiHeaderFilter", new ApiHeaderFilterStrategy());
        registry.bind("kafkaOffsets", new KafkaOffsets());
    }

    /** The service's one line at start: what it reads, where it pays, where its health and metrics are. */
    private static String startedLine(ServiceSettings settings, PayoutAccounts accounts) {
        ManagementServer management = settings.management();
        return "cryptocloud-withdrawals started: commands from " + settings.deployment().commandsTopic() + " on "
                + settings.bootstrapServers() + ", results to " + settings.succeededTopic() + " and "
                + settings.failedTopic() + "; pays through " + settings.payoutUrl() + " for the account(s) "
                + accounts.all().stream().map(PayoutAccount::label).toList() + ", one call per "
                + settings.minIntervalMillis() + " ms each; health " + management.url(ManagementServer.HEALTH)
                + ", readiness " + management.url(ManagementServer.READINESS) + ", liveness "
                + management.url(ManagementServer.LIVENESS) + ", metrics " + management.url(ManagementServer.METRICS);
    }

    /** The default account when its key is given (or no named account is), then the named ones. */
    private static PayoutAccounts accounts(ServiceSettings settings) {
        List<PayoutAccount> accounts = new ArrayList<>();
        if (settings.hasDefaultAccount() || settings.namedAccounts().isEmpty()) {
            accounts.add(PayoutAccount.defaultAccount(ApiCredentials.of(settings.apiKey(), settings.apiKeyFile()),
                    settings.deployment()));
        }
        for (ServiceSettings.NamedAccount named : settings.namedAccounts()) {
            ApiCredentials credentials = ApiCredentials.of(named.apiKey(), named.apiKeyFile(),
                    ServiceSettings.environmentVariable(named.keyProperty()),
                    ServiceSettings.environmentVariable(named.keyFileProperty()));
            accounts.add(PayoutAccount.named(named.name(), credentials, settings.deployment()));
        }
        return new PayoutAccounts(accounts);
    }
}
