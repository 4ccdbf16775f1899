package io.github.cryptocloudwithdrawals;

import org.apache.camel.main.Main;

/** Starts the service: Camel Main reads application.properties and loads the YAML routes. */
public final class WithdrawalsApplication {

    private WithdrawalsApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(WithdrawalsConfiguration.class);
        KafkaClientEnvironment.componentProperties(System.getenv()).forEach(main::addOverrideProperty);
        try {
            main.run(args);
        } catch (Exception e) {
            InvalidSettingException invalid = invalidSetting(e);
            if (invalid == null) {
                throw e;
            }
            // one line an operator can act on, instead of a stack trace
            System.err.println("cryptocloud-withdrawals cannot start: " + invalid.getMessage());
            System.exit(2);
        }
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
