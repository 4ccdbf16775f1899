package io.github.cryptocloudwithdrawals;

import org.apache.camel.VetoCamelContextStartException;
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
            Exception refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            // one line an operator can act on, instead of a stack trace
            System.err.println("cryptocloud-withdrawals cannot start: " + refusal.getMessage());
            System.exit(2);
        }
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
