package io.github.cryptocloudwithdrawals;

import io.github.cryptocloudwithdrawals.kafka.KafkaClientEnvironment;
import io.github.cryptocloudwithdrawals.settings.InvalidSettingException;
import io.github.cryptocloudwithdrawals.settings.StartupCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the service: Camel Main reads application.properties and loads the YAML routes. */
public final class WithdrawalsApplication {

    /** Exit code of a refused start: a setting is missing or invalid. */
    static final int INVALID_SETTING = 2;

    private WithdrawalsApplication() {
    }

    public static void main(String[] args) throws Exception {
        // before Camel logs its first line: a refused start prints its refusals and nothing else
        StartupCheck check = StartupCheck.of(System.getenv(), System.getProperties(), bundledProperties());
        if (!check.refusals().isEmpty()) {
            refuse(check.refusals());
            return;
        }
        check.warnings().forEach(LoggerFactory.getLogger(WithdrawalsApplication.class)::warn);
        Main main = new Main();
        main.configure().addConfiguration(WithdrawalsConfiguration.class);
        KafkaClientEnvironment.componentProperties(System.getenv()).forEach(main::addOverrideProperty);
        try {
            main.run(args);
        } catch (Exception e) {
            // Camel's shutdown hook would report the exit that follows as a SIGTERM: nobody sent one
            main.getShutdownStrategy().shutdown();
            Exception refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            refuse(refusal instanceof InvalidSettingException invalid ? invalid.problems()
                    : List.of(refusal.getMessage()));
        }
    }

    /** One line per problem an operator can act on, instead of a stack trace; in the log format chosen. */
    private static void refuse(List<String> problems) {
        Logger refusals = LoggerFactory.getLogger("cryptocloud-withdrawals");
        problems.forEach(problem -> refusals.error("cryptocloud-withdrawals cannot start: {}", problem));
        System.exit(INVALID_SETTING);
    }

    private static Properties bundledProperties() {
        Properties properties = new Properties();
        try (InputStream in = WithdrawalsApplication.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("application.properties cannot be read from the jar", e);
        }
        return properties;
    }

    /**
     * A setting to fix, or a start-up check that vetoed the start (another deployment's records
     * where this one keeps its own): the operator's to resolve, in one line.
     */
    private static Exception refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException || cause instanceof VetoCamelContextStartException) {
                return (Exception) cause;
            }
        }
        return null;
    }
}
