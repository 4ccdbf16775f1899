package io.github.cryptocloudwithdrawals.benchmark;

import io.github.cryptocloudwithdrawals.WithdrawalsConfiguration;
import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.main.Main;

/**
 * The real service (application.properties, the YAML routes, the real beans) started in this JVM
 * with Camel Main, as the demo does, against the benchmark's broker and sandbox.
 */
final class InProcessService implements AutoCloseable {

    final ServiceTopics topics;
    final int managementPort;
    private final Main main;

    private InProcessService(ServiceTopics topics, int managementPort, Main main) {
        this.topics = topics;
        this.managementPort = managementPort;
        this.main = main;
    }

    /** Starts the service and waits until /observe/health/ready answers 200. */
    static InProcessService start(BenchEnvironment env, ServiceTopics topics, Map<String, String> settings) {
        int port = LoopbackPorts.freePort();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap-servers", env.bootstrapServers());
        properties.put("cryptocloud.base-url", env.sandbox.baseUrl());
        properties.put("cryptocloud.api-key", BenchEnvironment.SERVICE_KEY);
        properties.put("management.port", Integer.toString(port));
        properties.put("camel.main.shutdown-timeout", "5");
        properties.putAll(topics.properties());
        properties.putAll(settings);
        Main main = new Main();
        main.configure().addConfiguration(WithdrawalsConfiguration.class);
        properties.forEach(main::addOverrideProperty);
        main.start();
        InProcessService service = new InProcessService(topics, port, main);
        HttpClient http = HttpClient.newHttpClient();
        if (!BenchEnvironment.await(() -> BenchEnvironment.httpStatus(http, port, "/observe/health/ready") == 200,
                Duration.ofSeconds(60), 50)) {
            service.close();
            throw new IllegalStateException("the in-process service did not become ready within 60 s");
        }
        return service;
    }

    /**
     * Stops the service in the background: a graceful stop waits out each Kafka consumer's poll
     * (5 s each, one after the other), and the next measurement need not wait for it. The stopping
     * service is idle: its consumers are paused.
     */
    @Override
    public void close() {
        Background.run("stop " + topics.group(), main::stop);
    }
}
