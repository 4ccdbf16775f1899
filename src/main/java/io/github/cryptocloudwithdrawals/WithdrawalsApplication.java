package io.github.cryptocloudwithdrawals;

import org.apache.camel.main.Main;

/** Starts the service: Camel Main reads application.properties and loads the YAML routes. */
public final class WithdrawalsApplication {

    private WithdrawalsApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(WithdrawalsConfiguration.class);
        main.run(args);
    }
}
