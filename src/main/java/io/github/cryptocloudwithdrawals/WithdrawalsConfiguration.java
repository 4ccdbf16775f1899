package io.github.cryptocloudwithdrawals;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.account.PayoutAccounts;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiHeaderFilterStrategy;
import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ExactHeaderNames;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.events.ResultRecords;
import io.github.cryptocloudwithdrawals.intake.CommandCheck;
import io.github.cryptocloudwithdrawals.intake.CommandIntake;
import io.github.cryptocloudwithdrawals.kafka.ConsumerLag;
import io.github.cryptocloudwithdrawals.kafka.EarlierVersionUpgrade;
import io.github.cryptocloudwithdrawals.kafka.InternalTopics;
import io.github.cryptocloudwithdrawals.kafka.KafkaConnection;
import io.github.cryptocloudwithdrawals.kafka.KafkaOffsets;
import io.github.cryptocloudwithdrawals.kafka.KafkaReachability;
import io.github.cryptocloudwithdrawals.kafka.PublicTopics;
import io.github.cryptocloudwithdrawals.kafka.SubmissionQueues;
import io.github.cryptocloudwithdrawals.ledger.Ledger;
import io.github.cryptocloudwithdrawals.ledger.LedgerScope;
import io.github.cryptocloudwithdrawals.metrics.ResultOutcomes;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.github.cryptocloudwithdrawals.resolution.ResolutionIntake;
import io.github.cryptocloudwithdrawals.resolution.ResolutionOutcomes;
import io.github.cryptocloudwithdrawals.routes.RouteContract;
import io.github.cryptocloudwithdrawals.settings.ManagementServer;
import io.github.cryptocloudwithdrawals.settings.ServiceSettings;
import io.github.cryptocloudwithdrawals.submission.FaultBackoff;
import io.github.cryptocloudwithdrawals.submission.FinishedRequests;
import io.github.cryptocloudwithdrawals.submission.PayoutDecision;
import io.github.cryptocloudwithdrawals.submission.PayoutSubmission;
import io.github.cryptocloudwithdrawals.submission.StopSignal;
import io.github.cryptocloudwithdrawals.submission.SubmissionStage;
import io.github.cryptocloudwithdrawals.submission.Throttle;
import io.github.cryptocloudwithdrawals.tracing.CommandTraces;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiPredicate;
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
        ServiceSettings settings = ServiceSettings.from(context.getPropertiesComponent()::resolveProperty);
        settings.management().ensureAvailable();
        // the resolutions route's topic and group, as derived (routes/resolutions.yaml)
        context.getPropertiesComponent().addOverrideProperty("withdrawal.resolutions-topic", settings.resolutionsTopic());
        context.getPropertiesComponent().addOverrideProperty("withdrawal.resolver-group",
                settings.deployment().resolverGroup());
        // header names reach Kafka as set (ExactHeaderNames says why)
        context.getCamelContextExtension().setHeadersMapFactory(new ExactHeaderNames());
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        // One registry for Camel's metrics and ours, under the name Camel's Prometheus support
        // uses; whichever of the two starts first creates it.
        MeterRegistry meterRegistry = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meterRegistry == null) {
            meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meterRegistry);
        }
        WithdrawalMetrics metrics = new WithdrawalMetrics(meterRegistry);
        ResultEvents events = new ResultEvents(clock);
        ResultRecords records = new ResultRecords(settings.eventSource(), new ResultOutcomes(metrics, clock));
        // the OpenTelemetry Java agent's, when it is attached; a no-op otherwise
        CommandTraces traces = new CommandTraces(GlobalOpenTelemetry.get());
        PayoutAccounts accounts = settings.accounts();
        DeploymentNames deployment = settings.deployment();
        DeploymentStamp stamp = new DeploymentStamp(deployment.commandsTopic());
        Supplier<Properties> kafka = () -> KafkaConnection.of(context);
        Ledger ledger = new Ledger(deployment.ledgerTopic(), stamp, kafka);
        CommandCheck check = new CommandCheck(new CommandReader(),
                new CommandValidator(settings.maxAmounts(), accounts.known()), events);
        registry.bind(RouteContract.COMMAND_INTAKE, new CommandIntake(check, records,
                account -> accounts.named(account).submissionsTopic(),
                () -> {
                    BiPredicate<String, String> mayKnow = ledger.intake().mayKnowDuringOneBatch();
                    return identity -> mayKnow.test(identity.account(), identity.requestId());
                }, new FinishedRequests(ledger.intake(), events), settings.succeededTopic(), stamp, traces, metrics));

        ConsumerLag lag = new ConsumerLag(kafka);
        metrics.pendingCommands("intake", "all", () -> lag.of(settings.groupId(), deployment.commandsTopic()));
        SubmissionQueues queues = new SubmissionQueues(kafka, settings.queuePurgeIntervalMillis());
        registry.bind(RouteContract.SUBMISSION_QUEUES, queues);
        SubmitRoutes submitRoutes = new SubmitRoutes(settings.payoutUrl());
        ResolutionOutcomes resolutions = new ResolutionOutcomes(metrics);
        registry.bind(RouteContract.RESOLUTION_INTAKE, new ResolutionIntake(accounts.known(),
                account -> accounts.named(account).submissionsTopic(), ledger.resolutions(), stamp, resolutions));
        StopSignal stop = new StopSignal();
        context.getManagementStrategy().addEventNotifier(new StopNotifier(stop));
        FaultBackoff backoff = new FaultBackoff(settings.faultBackoffInitialMillis(), settings.faultBackoffMaxMillis());
        SubmissionStage stage = new SubmissionStage(check, stamp, new PayoutDecision(settings.rateLimitRetries()), events,
                backoff, clock, stop, metrics, resolutions, settings.payoutUrl());
        for (PayoutAccount account : accounts.all()) {
            metrics.pendingCommands("submission", account.label(),
                    () -> lag.of(account.submitterGroup(), account.submissionsTopic()));
            metrics.unresolvedUnknown(account.label(), () -> ledger.unresolvedUnknown(account.name()));
            LedgerScope accountLedger = ledger.scope(account.name());
            PayoutSubmission payouts = new PayoutSubmission(stage, account, accountLedger, new Throttle(
                    settings.minIntervalMillis(), settings.intervalMarginMillis(), backoff, stop, clock,
                    accountLedger::othersLastCall), records, queues::holds, traces);
            // a health check in the registry is picked up by Camel's health endpoint (readiness)
            registry.bind("cryptocloudApiHealth-" + account.label(), payouts.availability());
            registry.bind("queueGuard-" + account.label(), payouts.guard());
            metrics.payoutsHeld(account.label(), payouts.availability()::holding);
            metrics.minInterval(account.label(), settings.minIntervalMillis());
            String submission = "payoutSubmission-" + account.label();
            registry.bind(submission, payouts);
            submitRoutes.add(account, submission);
        }
        registry.bind(RouteContract.SUBMIT_ROUTES, submitRoutes);
        try {
            // services start in this order, before any route consumes
            context.addService(new KafkaReachability(settings.bootstrapServers(),
                    ServiceSettings.environmentVariable("kafka.bootstrap-servers")), true, true);
            context.addService(new EarlierVersionUpgrade(kafka, deployment, settings.groupId(), accounts.all()), true, true);
            // a resolution is timed by when the broker appended it, not by the operator's clock (Applicability)
            context.addService(new PublicTopics(kafka, List.of(deployment.commandsTopic(), settings.succeededTopic(),
                    settings.failedTopic(), settings.resolutionsTopic()), Map.of(settings.resolutionsTopic(),
                    PublicTopics.BROKER_TIMESTAMPS)), true, true);
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
        registry.bind(RouteContract.API_HEADER_FILTER, new ApiHeaderFilterStrategy());
        registry.bind(RouteContract.KAFKA_OFFSETS, new KafkaOffsets());
    }

    /** The service's one line at start: what it reads, where it pays, where its health and metrics are. */
    private static String startedLine(ServiceSettings settings, PayoutAccounts accounts) {
        ManagementServer management = settings.management();
        return "cryptocloud-withdrawals started: commands from " + settings.deployment().commandsTopic() + " on "
                + settings.bootstrapServers() + ", results to " + settings.succeededTopic() + " and "
                + settings.failedTopic() + ", resolutions from " + settings.resolutionsTopic() + "; pays through " + settings.payoutUrl() + " for the account(s) "
                + accounts.all().stream().map(PayoutAccount::label).toList() + ", one call per "
                + settings.minIntervalMillis() + " ms each; health " + management.url(ManagementServer.HEALTH)
                + ", readiness " + management.url(ManagementServer.READINESS) + ", liveness "
                + management.url(ManagementServer.LIVENESS) + ", metrics " + management.url(ManagementServer.METRICS);
    }
}
