package io.github.cryptocloudwithdrawals.settings;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Where the health and metrics server listens ({@code MANAGEMENT_BIND_ADDRESS},
 * {@code MANAGEMENT_PORT}). Camel's server logs a failed bind and lets the service run on without
 * health or metrics, which an orchestrator would read as a dead service; so the address is tried
 * before anything starts, and a port in use stops start-up like any other invalid setting.
 */
public record ManagementServer(String bindAddress, int port) {

    public static final String HEALTH = "/observe/health";
    public static final String READINESS = "/observe/health/ready";
    public static final String LIVENESS = "/observe/health/live";
    public static final String METRICS = "/observe/metrics";

    /** Listens on the address for a moment, as the server will: fails now if it could not. */
    public void ensureAvailable() {
        try (ServerSocket probe = new ServerSocket()) {
            // as the server does: an old connection of a previous run (TIME_WAIT) does not hold the port
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 1);
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage());
            throw new InvalidSettingException(message.contains("in use")
                    ? "MANAGEMENT_PORT " + port + " on " + bindAddress + " (MANAGEMENT_BIND_ADDRESS) is in use: another "
                    + "process listens there; choose another port, or stop that process"
                    : "the health and metrics server cannot listen on " + bindAddress + ":" + port
                    + " (MANAGEMENT_BIND_ADDRESS, MANAGEMENT_PORT): " + message);
        } catch (IOException e) {
            throw new InvalidSettingException("the health and metrics server cannot listen on " + bindAddress + ":" + port
                    + " (MANAGEMENT_BIND_ADDRESS, MANAGEMENT_PORT): " + e.getMessage());
        }
    }

    /** The URL of one of the server's paths, as an operator on this machine would call it. */
    public String url(String path) {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return "http://" + host + ":" + port + path;
    }
}
