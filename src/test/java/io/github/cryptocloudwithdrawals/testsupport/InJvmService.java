package io.github.cryptocloudwithdrawals.testsupport;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import io.github.cryptocloudwithdrawals.WithdrawalsConfiguration;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real service (application.properties, the YAML routes, the real beans) started in this JVM
 * with Camel Main, its settings overridden by the caller's: how the pipeline tests, the in-JVM
 * benchmarks and the demo run it. The packaged jar as a child process is {@link ServiceProcess}.
 */
public final class InJvmService implements AutoCloseable {

    private final Main main;
    private final int managementPort;

    private InJvmService(Main main, int managementPort) {
        this.main = main;
        this.managementPort = managementPort;
    }

    /**
     * Starts the service with these settings (application.properties keys) over its defaults; its
     * health and metrics server listens on 127.0.0.1, on a free port unless {@code management.port}
     * is given. Returns once Camel has started the routes (see {@link #awaitReady}).
     */
    public static InJvmService start(Map<String, String> settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("management.port", String.valueOf(LoopbackPorts.freePort()));
        properties.put("management.bind-address", "127.0.0.1");
        properties.putAll(settings);
        Main main = new Main();
        main.configure().addConfiguration(WithdrawalsConfiguration.class);
        properties.forEach(main::addOverrideProperty);
        main.start();
        return new InJvmService(main, Integer.parseInt(properties.get("management.port")));
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public int managementPort() {
        return managementPort;
    }

    /** GET on the service's health and metrics port: the status code and the body. */
    public HttpResponse<String> management(String path) {
        return ManagementPort.get(managementPort, path);
    }


    /** Waits until the readiness check answers 200. */
    public InJvmService awaitReady(Duration timeout) {
        waitFor("readiness of the in-JVM service").atMost(timeout).ignoreExceptions()
                .until(() -> management("/observe/health/ready").statusCode() == 200);
        return this;
    }

    /** Stops the service as a SIGTERM would: the call in flight finishes, then every route stops. */
    @Override
    public void close() {
        main.stop();
    }
}
