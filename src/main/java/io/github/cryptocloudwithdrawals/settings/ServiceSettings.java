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
import java.util.function.Supplier;
import org.apache.camel.spi.PropertiesComponent;

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

    public static ServiceSettings from(PropertiesComponent properties) {
        Reader reader = new Reader(properties);
        reader.millis("cryptocloud.timeout-ms", 1, 600_000);
        // the broker's default bounds (group.min/max.session.timeout.ms)
        reader.millis("kafka.submit-session-timeout-ms", 6_000, 1_800_000);
        reader.millis("kafka.submit-max-poll-interval-ms", 1_000, 86_400_000);
        long backoffInitial = reader.millis("cryptocloud.fault-backoff-initial-ms", 1, 3_600_000);
        long backoffMax = reader.millis("cryptocloud.fault-backoff-max-ms", 1, 86_400_000);
        if (backoffMax < backoffInitial) {
            throw new InvalidSettingException(environmentVariable("cryptocloud.fault-backoff-max-ms") + " (" + backoffMax
                    + ") must not be less than " + environmentVariable("cryptocloud.fault-backoff-initial-ms")
                    + " (" + backoffInitial + ")");
        }
        Optional<Short> replicationFactor = reader.optionalNumber(REPLICATION_FACTOR, 1, Short.MAX_VALUE)
                .map(Long::shortValue);
        Optional<Integer> minInsyncReplicas = reader.optionalNumber(MIN_INSYNC_REPLICAS, 1,
                replicationFactor.map(Short::longValue).orElse((long) Short.MAX_VALUE)).map(Long::intValue);
        List<NamedAccount> namedAccounts = namedAccounts(properties);
        DeploymentNames deployment = deployment(reader, properties);
        // derived names must be topic names too (a long commands topic can make them too long)
        SettingRules.topic(environmentVariable("withdrawal.ledger-topic"), deployment.ledgerTopic());
        SettingRules.topic(environmentVariable("withdrawal.submissions-topic"), deployment.submissionsTopic(null));
        for (NamedAccount account : namedAccounts) {
            SettingRules.topic(environmentVariable("withdrawal.submissions-topic"), deployment.submissionsTopic(account.name()));
        }
        return new ServiceSettings(
                reader.millis("cryptocloud.min-interval-ms", 1, 86_400_000),
                reader.millis("cryptocloud.interval-margin-ms", 0, 60_000),
                (int) reader.number("cryptocloud.rate-limit-retries", 0, 1000),
                backoffInitial,
                backoffMax,
                SettingRules.uri(environmentVariable("withdrawal.event-source"), reader.text("withdrawal.event-source"),
                        "the events' ce_source"),
                reader.text("kafka.group-id"),
                deployment,
                replicationFactor,
                minInsyncReplicas,
                reader.millis("withdrawal.queue-purge-interval-ms", 0, 86_400_000),
                properties.resolveProperty("cryptocloud.api-key").orElse(""),
                properties.resolveProperty("cryptocloud.api-key-file").orElse(""),
                namedAccounts,
                refusing(() -> AmountLimits.parse(environmentVariable("withdrawal.max-amounts"),
                        properties.resolveProperty("withdrawal.max-amounts").orElse(""))),
                SettingRules.bootstrapServers(environmentVariable("kafka.bootstrap-servers"),
                        reader.text("kafka.bootstrap-servers")),
                reader.topic("withdrawal.succeeded-topic"),
                reader.topic("withdrawal.failed-topic"),
                resolutionsTopic(reader, properties, deployment),
                SettingRules.payoutUrl(environmentVariable("cryptocloud.base-url"), reader.text("cryptocloud.base-url")),
                new ManagementServer(
                        SettingRules.bindAddress(environmentVariable("management.bind-address"),
                                reader.text("management.bind-address")),
                        (int) reader.number("management.port", 1, 65_535)));
    }

    /**
     * The deployment's names: its commands topic and the internal names derived from it, unless
     * set. Its result topics are checked too: no topic a deployment reads or writes for its users
     * may take a name another deployment derives for an internal topic.
     */
    private static DeploymentNames deployment(Reader reader, PropertiesComponent properties) {
        for (String resultTopic : List.of("withdrawal.succeeded-topic", "withdrawal.failed-topic")) {
            DeploymentNames.reservedReason(reader.topic(resultTopic)).ifPresent(reason -> {
                throw new InvalidSettingException(environmentVariable(resultTopic) + " " + reason);
            });
        }
        try {
            return DeploymentNames.of(reader.topic("withdrawal.commands-topic"),
                    explicitTopic(reader, properties, "withdrawal.submissions-topic"),
                    explicitTopic(reader, properties, "withdrawal.ledger-topic"));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(environmentVariable("withdrawal.commands-topic") + " " + e.getMessage());
        }
    }

    /**
     * The operators' resolutions topic: as set, or derived from the commands topic. One set
     * explicitly may end in {@code .resolutions} (it is this deployment's), but must not take the
     * name of a queue or a ledger, nor of a topic the deployment reads or writes for its users.
     */
    private static String resolutionsTopic(Reader reader, PropertiesComponent properties, DeploymentNames deployment) {
        String key = "withdrawal.resolutions-topic";
        String explicit = explicitTopic(reader, properties, key);
        if (explicit.isEmpty()) {
            return SettingRules.topic(environmentVariable(key), deployment.resolutionsTopic());
        }
        if (!explicit.endsWith(".resolutions")) {
            DeploymentNames.reservedReason(explicit).ifPresent(reason -> {
                throw new InvalidSettingException(environmentVariable(key) + " " + reason);
            });
        }
        for (String other : List.of("withdrawal.commands-topic", "withdrawal.succeeded-topic", "withdrawal.failed-topic")) {
            if (explicit.equals(reader.text(other))) {
                throw new InvalidSettingException(environmentVariable(key) + " is '" + explicit + "', the same topic as "
                        + environmentVariable(other) + ": resolutions need a topic of their own");
            }
        }
        return explicit;
    }

    /** An internal topic named explicitly (checked as a topic name), or empty: derived from the commands topic. */
    private static String explicitTopic(Reader reader, PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).filter(v -> !v.isBlank()).map(v -> reader.topic(key)).orElse("");
    }

    private static List<NamedAccount> namedAccounts(PropertiesComponent properties) {
        String list = properties.resolveProperty("cryptocloud.accounts").orElse("");
        Set<String> names = new LinkedHashSet<>();
        for (String entry : list.split(",")) {
            String name = entry.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!PayoutAccount.NAME.matcher(name).matches() || name.equals(PayoutAccount.DEFAULT_LABEL)) {
                throw new InvalidSettingException(environmentVariable("cryptocloud.accounts") + " lists '" + name
                        + "': account names are 1 to 32 lower-case letters, digits and inner dashes, and not '"
                        + PayoutAccount.DEFAULT_LABEL + "'");
            }
            if (!names.add(name)) {
                throw new InvalidSettingException(environmentVariable("cryptocloud.accounts") + " lists '" + name + "' twice");
            }
        }
        List<NamedAccount> accounts = new ArrayList<>();
        for (String name : names) {
            accounts.add(new NamedAccount(name, properties.resolveProperty(NamedAccount.keyProperty(name)).orElse(""),
                    properties.resolveProperty(NamedAccount.keyFileProperty(name)).orElse("")));
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
        return refusing(() -> {
            List<PayoutAccount> accounts = new ArrayList<>();
            if (hasDefaultAccount() || namedAccounts.isEmpty()) {
                accounts.add(PayoutAccount.defaultAccount(ApiCredentials.of(apiKey, apiKeyFile), deployment));
            }
            for (NamedAccount named : namedAccounts) {
                ApiCredentials credentials = ApiCredentials.of(named.apiKey(), named.apiKeyFile(),
                        environmentVariable(named.keyProperty()), environmentVariable(named.keyFileProperty()));
                accounts.add(PayoutAccount.named(named.name(), credentials, deployment));
            }
            return new PayoutAccounts(accounts);
        });
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

    private record Reader(PropertiesComponent properties) {

        long number(String key, long min, long max) {
            return SettingRules.wholeNumber(environmentVariable(key), text(key), min, max, false);
        }

        long millis(String key, long min, long max) {
            return SettingRules.wholeNumber(environmentVariable(key), text(key), min, max, true);
        }

        String topic(String key) {
            return SettingRules.topic(environmentVariable(key), text(key));
        }

        /** A number that may be left empty; the range of an upper bound taken from another setting says so. */
        Optional<Long> optionalNumber(String key, long min, long max) {
            Optional<String> value = properties.resolveProperty(key).filter(v -> !v.isBlank());
            return value.isEmpty() ? Optional.empty() : Optional.of(number(key, min, max));
        }

        String text(String key) {
            return properties.resolveProperty(key).filter(v -> !v.isBlank())
                    .orElseThrow(() -> new InvalidSettingException(environmentVariable(key) + " is not set"));
        }
    }
}
