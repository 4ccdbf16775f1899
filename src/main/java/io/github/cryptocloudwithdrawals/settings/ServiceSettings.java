package io.github.cryptocloudwithdrawals.settings;

import io.github.cryptocloudwithdrawals.account.ApiCredentials;
import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.account.PayoutAccounts;
import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.validation.AmountLimits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The settings the Java side needs, read from Camel's properties (application.properties, each
 * overridden by its environment variable) and checked once at start-up: a bad value stops the
 * service with a message naming the environment variable to fix.
 */
public record ServiceSettings(
        long minIntervalMillis,
        long intervalMarginMillis,
        int rateLimitRetries,
        long faultBackoffInitialMillis,
        long faultBackoffMaxMillis,
        String eventSource,
        String groupId,
        DeploymentNames deployment,
        Optional<Short> internalTopicsReplicationFactor,
        Optional<Integer> internalTopicsMinInsyncReplicas,
        long queuePurgeIntervalMillis,
        String apiKey,
        String apiKeyFile,
        List<NamedAccount> namedAccounts,
        AmountLimits maxAmounts,
        String bootstrapServers,
        String succeededTopic,
        String failedTopic,
        String resolutionsTopic,
        String payoutUrl,
        ManagementServer management) {

    /** The replication factor of the internal topics the service creates; empty: the broker's default. */
    public static final String REPLICATION_FACTOR = "withdrawal.internal-topics.replication-factor";
    /** Their min.insync.replicas; empty: the broker's default. */
    static final String MIN_INSYNC_REPLICAS = "withdrawal.internal-topics.min-insync-replicas";

    /** A CryptoCloud account listed in {@code CRYPTOCLOUD_ACCOUNTS}, with its key settings as given. */
    record NamedAccount(String name, String apiKey, String apiKeyFile) {

        String keyProperty() {
            return keyProperty(name);
        }

        String keyFileProperty() {
            return keyFileProperty(name);
        }

        static String keyProperty(String name) {
            return "cryptocloud.account." + name + ".api-key";
        }

        static String keyFileProperty(String name) {
            return "cryptocloud.account." + name + ".api-key-file";
        }
    }

    /** Whether the single key (CRYPTOCLOUD_API_KEY or its file) is given: commands may then leave out their account. */
    boolean hasDefaultAccount() {
        return !apiKey.isBlank() || !apiKeyFile.isBlank();
    }

    /**
     * Reads and checks every setting.
     *
     * @param properties a key's value: application.properties, each key overridden by its environment variable
     * @throws InvalidSettingException naming every setting that is missing or breaks its rule
     */
    public static ServiceSettings from(Function<String, Optional<String>> properties) {
        SettingsReader reader = new SettingsReader(properties);
        reader.millis("cryptocloud.timeout-ms", 1, 600_000);
        // the broker's default bounds (group.min/max.session.timeout.ms)
        reader.millis("kafka.submit-session-timeout-ms", 6_000, 1_800_000);
        reader.millis("kafka.submit-max-poll-interval-ms", 1_000, 86_400_000);
        Long backoffInitial = reader.millis("cryptocloud.fault-backoff-initial-ms", 1, 3_600_000);
        Long backoffMax = reader.millis("cryptocloud.fault-backoff-max-ms", 1, 86_400_000);
        if (backoffInitial != null && backoffMax != null && backoffMax < backoffInitial) {
            reader.problem(environmentVariable("cryptocloud.fault-backoff-max-ms") + " (" + backoffMax
                    + ") must not be less than " + environmentVariable("cryptocloud.fault-backoff-initial-ms")
                    + " (" + backoffInitial + ")");
        }
        Optional<Short> replicationFactor = reader.optionalNumber(REPLICATION_FACTOR, 1, Short.MAX_VALUE)
                .map(Long::shortValue);
        Optional<Integer> minInsyncReplicas = reader.optionalNumber(MIN_INSYNC_REPLICAS, 1,
                replicationFactor.map(Short::longValue).orElse((long) Short.MAX_VALUE)).map(Long::intValue);
        List<NamedAccount> namedAccounts = namedAccounts(reader);
        DeploymentNames deployment = deployment(reader);
        String resolutionsTopic = null;
        if (deployment != null) {
            // derived names must be topic names too (a long commands topic can make them too long)
            reader.check(() -> SettingRules.topic(environmentVariable("withdrawal.ledger-topic"), deployment.ledgerTopic()));
            reader.check(() -> SettingRules.topic(environmentVariable("withdrawal.submissions-topic"),
                    deployment.submissionsTopic(null)));
            for (NamedAccount account : namedAccounts) {
                reader.check(() -> SettingRules.topic(environmentVariable("withdrawal.submissions-topic"),
                        deployment.submissionsTopic(account.name())));
            }
            resolutionsTopic = reader.check(() -> resolutionsTopic(reader, deployment));
        }
        Long minInterval = reader.millis("cryptocloud.min-interval-ms", 1, 86_400_000);
        Long intervalMargin = reader.millis("cryptocloud.interval-margin-ms", 0, 60_000);
        Long rateLimitRetries = reader.number("cryptocloud.rate-limit-retries", 0, 1000);
        String eventSource = reader.check(() -> SettingRules.uri(environmentVariable("withdrawal.event-source"),
                reader.required("withdrawal.event-source"), "the events' ce_source"));
        String groupId = reader.text("kafka.group-id");
        Long purgeInterval = reader.millis("withdrawal.queue-purge-interval-ms", 0, 86_400_000);
        AmountLimits maxAmounts = reader.check(() -> refusing(() -> AmountLimits.parse(
                environmentVariable("withdrawal.max-amounts"), reader.optional("withdrawal.max-amounts"))));
        String bootstrapServers = reader.check(() -> SettingRules.bootstrapServers(
                environmentVariable("kafka.bootstrap-servers"), reader.required("kafka.bootstrap-servers")));
        String succeededTopic = reader.topic("withdrawal.succeeded-topic");
        String failedTopic = reader.topic("withdrawal.failed-topic");
        String payoutUrl = reader.check(() -> SettingRules.payoutUrl(environmentVariable("cryptocloud.base-url"),
                reader.required("cryptocloud.base-url")));
        String bindAddress = reader.check(() -> SettingRules.bindAddress(environmentVariable("management.bind-address"),
                reader.required("management.bind-address")));
        Long managementPort = reader.number("management.port", 1, 65_535);
        reader.refuseIfAnyProblem();
        return new ServiceSettings(minInterval, intervalMargin, rateLimitRetries.intValue(), backoffInitial, backoffMax,
                eventSource, groupId, deployment, replicationFactor, minInsyncReplicas, purgeInterval,
                reader.optional("cryptocloud.api-key"), reader.optional("cryptocloud.api-key-file"), namedAccounts,
                maxAmounts, bootstrapServers, succeededTopic, failedTopic, resolutionsTopic, payoutUrl,
                new ManagementServer(bindAddress, managementPort.intValue()));
    }

    /**
     * The deployment's names: its commands topic and the internal names derived from it, unless
     * set; {@code null} when they cannot be (noted). Its result topics are checked too: no topic a
     * deployment reads or writes for its users may take a name another deployment derives for an
     * internal topic.
     */
    private static DeploymentNames deployment(SettingsReader reader) {
        for (String resultTopic : List.of("withdrawal.succeeded-topic", "withdrawal.failed-topic")) {
            String topic = reader.topic(resultTopic);
            if (topic != null) {
                DeploymentNames.reservedReason(topic).ifPresent(reason ->
                        reader.problem(environmentVariable(resultTopic) + " " + reason));
            }
        }
        String commandsTopic = reader.topic("withdrawal.commands-topic");
        String submissionsTopic = explicitTopic(reader, "withdrawal.submissions-topic");
        String ledgerTopic = explicitTopic(reader, "withdrawal.ledger-topic");
        if (commandsTopic == null || submissionsTopic == null || ledgerTopic == null) {
            return null;
        }
        return reader.check(() -> {
            try {
                return DeploymentNames.of(commandsTopic, submissionsTopic, ledgerTopic);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(environmentVariable("withdrawal.commands-topic") + " " + e.getMessage());
            }
        });
    }

    /**
     * The operators' resolutions topic: as set, or derived from the commands topic. One set
     * explicitly may end in {@code .resolutions} (it is this deployment's), but must not take the
     * name of a queue or a ledger, nor of a topic the deployment reads or writes for its users.
     */
    private static String resolutionsTopic(SettingsReader reader, DeploymentNames deployment) {
        String key = "withdrawal.resolutions-topic";
        String explicit = explicitTopic(reader, key);
        if (explicit == null) {
            return null;
        }
        if (explicit.isEmpty()) {
            return SettingRules.topic(environmentVariable(key), deployment.resolutionsTopic());
        }
        if (!explicit.endsWith(".resolutions")) {
            DeploymentNames.reservedReason(explicit).ifPresent(reason -> {
                throw new InvalidSettingException(environmentVariable(key) + " " + reason);
            });
        }
        for (String other : List.of("withdrawal.commands-topic", "withdrawal.succeeded-topic", "withdrawal.failed-topic")) {
            if (explicit.equals(reader.optional(other))) {
                throw new InvalidSettingException(environmentVariable(key) + " is '" + explicit + "', the same topic as "
                        + environmentVariable(other) + ": resolutions need a topic of their own");
            }
        }
        return explicit;
    }

    /**
     * An internal topic named explicitly (checked as a topic name), or empty: derived from the
     * commands topic; {@code null} when it is no topic name (noted).
     */
    private static String explicitTopic(SettingsReader reader, String key) {
        return reader.optional(key).isEmpty() ? "" : reader.topic(key);
    }

    /** The accounts listed in CRYPTOCLOUD_ACCOUNTS that are well named (the others are noted). */
    private static List<NamedAccount> namedAccounts(SettingsReader reader) {
        Set<String> names = new LinkedHashSet<>();
        for (String entry : reader.optional("cryptocloud.accounts").split(",")) {
            String name = entry.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!PayoutAccount.NAME.matcher(name).matches() || name.equals(PayoutAccount.DEFAULT_LABEL)) {
                reader.problem(environmentVariable("cryptocloud.accounts") + " lists '" + name
                        + "': account names are 1 to 32 lower-case letters, digits and inner dashes, and not '"
                        + PayoutAccount.DEFAULT_LABEL + "'");
            } else if (!names.add(name)) {
                reader.problem(environmentVariable("cryptocloud.accounts") + " lists '" + name + "' twice");
            }
        }
        List<NamedAccount> accounts = new ArrayList<>();
        for (String name : names) {
            accounts.add(new NamedAccount(name, reader.optional(NamedAccount.keyProperty(name)),
                    reader.optional(NamedAccount.keyFileProperty(name))));
        }
        return List.copyOf(accounts);
    }

    /**
     * The accounts the service pays from: the default account when its key is given (or no named
     * account is), then the named ones. Reads the key files.
     *
     * @throws InvalidSettingException naming the setting of a key that is missing or unreadable, or
     *         of two accounts with the same key
     */
    public PayoutAccounts accounts() {
        List<String> problems = new ArrayList<>();
        List<PayoutAccount> accounts = new ArrayList<>();
        if (hasDefaultAccount() || namedAccounts.isEmpty()) {
            credentials(() -> ApiCredentials.of(apiKey, apiKeyFile), problems)
                    .ifPresent(credentials -> accounts.add(PayoutAccount.defaultAccount(credentials, deployment)));
        }
        for (NamedAccount named : namedAccounts) {
            credentials(() -> ApiCredentials.of(named.apiKey(), named.apiKeyFile(), environmentVariable(named.keyProperty()),
                    environmentVariable(named.keyFileProperty())), problems)
                    .ifPresent(credentials -> accounts.add(PayoutAccount.named(named.name(), credentials, deployment)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingException(problems);
        }
        return refusing(() -> new PayoutAccounts(accounts));
    }

    /** An account's key, or empty when its setting is missing or its file unreadable (noted). */
    private static Optional<ApiCredentials> credentials(Supplier<ApiCredentials> reading, List<String> problems) {
        try {
            return Optional.of(reading.get());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * What a lower layer's rule makes of a setting, its refusal (an IllegalArgumentException whose
     * message names the variable) turned into the one line that stops start-up.
     */
    private static <T> T refusing(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(e.getMessage());
        }
    }

    /** The environment variable that overrides a property: upper case, dots and dashes as underscores. */
    public static String environmentVariable(String propertyKey) {
        return propertyKey.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
