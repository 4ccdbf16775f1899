package io.github.cryptocloudwithdrawals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
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
            InvalidSettingException invalid = invalidSetting(e);
            if (invalid == null) {
                throw e;
            }
            refuse(invalid);
        }
    }

    /** One line an operator can act on, instead of a stack trace; in the log format chosen. */
    private static void refuse(InvalidSettingException invalid) {
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

    private static InvalidSettingException invalidSetting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
