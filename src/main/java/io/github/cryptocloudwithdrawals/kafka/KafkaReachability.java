package io.github.cryptocloudwithdrawals.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits at start-up, before anything talks to Kafka, until one of the bootstrap servers accepts
 * a connection. Left to themselves, Kafka's clients warn once a second per attempt and the first
 * admin call gives up after a minute with a stack trace that names no setting. Instead the
 * service says once which brokers it cannot reach and which setting names them, then keeps
 * trying quietly, as it does when Kafka goes away later: in a compose file or an orchestrator
 * that starts Kafka alongside it, the service simply starts once Kafka is up.
 */
public final class KafkaReachability extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    private static final long RETRY_MILLIS = 1_000;
    /** The exit status of a JVM ended by SIGTERM, as it is when the service runs. */
    private static final int SIGTERM_EXIT = 143;

    private final String bootstrapServers;
    private final String variable;

    public KafkaReachability(String bootstrapServers, String variable) {
        this.bootstrapServers = bootstrapServers;
        this.variable = variable;
    }

    @Override
    protected void doStart() throws InterruptedException {
        String failures = failures();
        if (failures.isEmpty()) {
            return;
        }
        long since = System.nanoTime();
        LOG.warn("Kafka cannot be reached at {} ({}): {}. The service waits for it and starts once it answers; "
                + "nothing is read or paid until then", bootstrapServers, variable, failures);
        // Nothing has started that a stop would have to finish (no consumer, no call), and Camel's
        // own stop would wait for this start to end: a SIGTERM meanwhile ends the process at once.
        Thread stop = new Thread(() -> {
            LOG.info("stopped while waiting for Kafka at {}: nothing was read or paid", bootstrapServers);
            Runtime.getRuntime().halt(SIGTERM_EXIT);
        }, "stop-while-waiting-for-kafka");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            do {
                Thread.sleep(RETRY_MILLIS);
            } while (!failures().isEmpty());
        } finally {
            Runtime.getRuntime().removeShutdownHook(stop);
        }
        LOG.info("Kafka reached at {} after {} s", bootstrapServers, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since));
    }

    /** Why no bootstrap server accepts a connection, one entry per server; empty once one does. */
    private String failures() {
        List<String> failures = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(Utils.getHost(server), Utils.getPort(server)), CONNECT_TIMEOUT_MILLIS);
                return "";
            } catch (IOException e) {
                failures.add(server + " " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        }
        return String.join("; ", failures);
    }

    @Override
    protected void doStop() {
        // nothing to release: the probe's connections live only during start
    }
}
