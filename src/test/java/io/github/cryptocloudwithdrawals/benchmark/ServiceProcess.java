package io.github.cryptocloudwithdrawals.benchmark;

import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real jar, {@code java -jar target/cryptocloud-withdrawals.jar}, as its own process configured
 * by environment variables only (as the Dockerfile runs it), its output in a log file. Every
 * process started here is stopped by its own id when the benchmark JVM exits.
 */
final class ServiceProcess implements AutoCloseable {

    private static final List<Process> STARTED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (STARTED) {
                STARTED.forEach(Process::destroyForcibly);
            }
        }, "bench-children-stop"));
    }

    final Process process;
    final int managementPort;
    final Path log;
    final long startedNanos;

    private ServiceProcess(Process process, int managementPort, Path log, long startedNanos) {
        this.process = process;
        this.managementPort = managementPort;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Starts the jar; returns at once (see {@link #awaitReady}). */
    static ServiceProcess start(Path jar, BenchEnvironment env, ServiceTopics topics, Map<String, String> settings, Path log) {
        int port = LoopbackPorts.freePort();
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString());
        Map<String, String> environment = builder.environment();
        // only what this run sets: no CRYPTOCLOUD_* or KAFKA_* of the caller's shell leaks in
        environment.keySet().removeIf(k -> k.startsWith("CRYPTOCLOUD_") || k.startsWith("KAFKA_")
                || k.startsWith("WITHDRAWAL_") || k.startsWith("CAMEL_") || k.equals("MANAGEMENT_PORT")
                || k.equals("LOG_FORMAT") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", env.bootstrapServers());
        environment.put("CRYPTOCLOUD_API_KEY", BenchEnvironment.SERVICE_KEY);
        environment.put("CRYPTOCLOUD_BASE_URL", env.sandbox.baseUrl());
        environment.put("MANAGEMENT_PORT", Integer.toString(port));
        environment.putAll(topics.environment());
        environment.putAll(settings);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long started = System.nanoTime();
        try {
            Process process = builder.start();
            synchronized (STARTED) {
                STARTED.add(process);
            }
            return new ServiceProcess(process, port, log, started);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + jar, e);
        }
    }

    /** Waits for readiness; returns the nanos from process start to the first 200 from /observe/health/ready. */
    long awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            if (BenchEnvironment.httpStatus(http, managementPort, "/observe/health/ready") == 200) {
                return System.nanoTime() - startedNanos;
            }
            BenchEnvironment.sleep(10);
        }
        throw new IllegalStateException("the service was not ready after " + timeout + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the process used so far (user + system), in nanos. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** SIGTERM (Camel's graceful stop), then waits; returns the nanos it took to exit. */
    long stop() {
        long asked = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (STARTED) {
            STARTED.remove(process);
        }
        return System.nanoTime() - asked;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
