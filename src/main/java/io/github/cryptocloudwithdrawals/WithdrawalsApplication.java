package io.github.cryptocloudwithdrawals;

import io.github.cryptocloudwithdrawals.kafka.KafkaClientEnvironment;
import io.github.cryptocloudwithdrawals.settings.InvalidSettingException;
import io.github.cryptocloudwithdrawals.settings.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/** Starts the service: Camel Main reads application.properties and loads the YAML routes. */
public final class WithdrawalsApplication {

    /** Exit code of a refused start: a setting is missing or invalid. */
    static final int INVALID_SETTING = 2;

    private WithdrawalsApplication() {
    }

    public static void main(String[] args) throws Exception {
        try {
            LogFormat.configured(System.getenv(), bundledProperties()).select();
        } catch (InvalidSettingException invalid) {
            LogFormat.PLAIN.select();
            refuse(invalid);
            return;
        }
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
            refuse(refusal);
        }
    }

    /** One line an operator can act on, instead of a stack trace; in the log format chosen. */
    private static void refuse(Exception invalid) {
        LoggerFactory.getLogger("cryptocloud-withdrawals").error("cryptocloud-withdrawals cannot start: {}",
                invalid.getMessage());
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
