package io.github.cryptocloudwithdrawals.benchmark;

import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import java.util.LinkedHashMap;
import java.util.Map;

/** The topics and consumer group of one service instance under test, unique to it. */
record ServiceTopics(String group, String commands, String succeeded, String failed, String submissions, String ledger) {

    static ServiceTopics named(BenchEnvironment env, String prefix) {
        return new ServiceTopics(env.name(prefix + "-group"), env.name(prefix + "-commands"),
                env.name(prefix + "-succeeded"), env.name(prefix + "-failed"),
                env.name(prefix + "-submissions"), env.name(prefix + "-ledger"));
    }

    ServiceTopics withCommands(String commandsTopic) {
        return new ServiceTopics(group, commandsTopic, succeeded, failed, submissions, ledger);
    }

    /** The consumer group of the default account's submitter, which derives from the commands topic. */
    String submitterGroup() {
        return DeploymentNames.of(commands, submissions, ledger).submitterGroup(null);
    }

    /** As application.properties keys. */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.group-id", group);
        properties.put("withdrawal.commands-topic", commands);
        properties.put("withdrawal.succeeded-topic", succeeded);
        properties.put("withdrawal.failed-topic", failed);
        properties.put("withdrawal.submissions-topic", submissions);
        properties.put("withdrawal.ledger-topic", ledger);
        return properties;
    }

    /** As the environment variables of the real jar. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        properties().forEach((key, value) -> environment.put(
                key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), value));
        return environment;
    }
}
