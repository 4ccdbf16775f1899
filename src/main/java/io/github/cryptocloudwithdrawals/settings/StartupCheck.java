package io.github.cryptocloudwithdrawals.settings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every setting of a start checked before anything is logged or connected (the log format is
 * chosen first, for every line after it), so that a refused
 * start names every bad setting at once, one line each, and nothing comes before them: the
 * environment's names ({@link SettingNames}), the log format, every value ({@link ServiceSettings}),
 * the API keys and their files, and the management port.
 *
 * <p>Values are read in the order Camel reads them: the environment variable, else a system
 * property, else application.properties.
 *
 * @param refusals what stops start-up, one problem each
 * @param warnings what is only logged, once
 */
public record StartupCheck(List<String> refusals, List<String> warnings) {

    public static StartupCheck of(Map<String, String> environment, Properties systemProperties, Properties bundled) {
        return of(environment, systemProperties, bundled, ManagementServer::ensureAvailable);
    }

    /**
     * As {@link #of(Map, Properties, Properties)}, with the management address tried by
     * {@code tryListening}: settings meant for another machine (a pod has a network of its own)
     * are checked with one that tries nothing here.
     */
    public static StartupCheck of(Map<String, String> environment, Properties systemProperties, Properties bundled,
                                  Consumer<ManagementServer> tryListening) {
        List<String> refusals = new ArrayList<>();
        LogFormat logFormat = LogFormat.PLAIN;
        try {
            logFormat = LogFormat.configured(environment, bundled);
        } catch (InvalidSettingException e) {
            refusals.addAll(e.problems());
        }
        // chosen before anything below can log (Kafka's utilities do): the logging starts with it
        logFormat.select();
        SettingNames.Findings names = SettingNames.ofTheService(settingVariables(environment, bundled))
                .check(environment.keySet());
        refusals.addAll(names.refusals());
        try {
            ServiceSettings settings = ServiceSettings.from(key -> Optional.ofNullable(
                    environment.get(ServiceSettings.environmentVariable(key)))
                    .or(() -> Optional.ofNullable(systemProperties.getProperty(key)))
                    .or(() -> Optional.ofNullable(bundled.getProperty(key))));
            settings.accounts();
            tryListening.accept(settings.management());
        } catch (InvalidSettingException e) {
            refusals.addAll(e.problems());
        }
        return new StartupCheck(List.copyOf(refusals), names.warnings());
    }

    /**
     * The variables that are settings: every key of application.properties but Camel's own, and
     * the key settings of the accounts listed in CRYPTOCLOUD_ACCOUNTS.
     */
    private static Set<String> settingVariables(Map<String, String> environment, Properties bundled) {
        Set<String> variables = new HashSet<>();
        bundled.stringPropertyNames().stream().filter(key -> !key.startsWith("camel."))
                .forEach(key -> variables.add(ServiceSettings.environmentVariable(key)));
        String accounts = environment.getOrDefault("CRYPTOCLOUD_ACCOUNTS", bundled.getProperty("cryptocloud.accounts", ""));
        for (String account : accounts.split(",")) {
            if (!account.isBlank()) {
                variables.add(ServiceSettings.environmentVariable(ServiceSettings.NamedAccount.keyProperty(account.strip())));
                variables.add(ServiceSettings.environmentVariable(ServiceSettings.NamedAccount.keyFileProperty(account.strip())));
            }
        }
        return variables;
    }
}
