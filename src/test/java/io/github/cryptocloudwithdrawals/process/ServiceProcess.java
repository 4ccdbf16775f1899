package io.github.cryptocloudwithdrawals.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged service ({@code target/cryptocloud-withdrawals.jar}) running as a child process,
 * configured only by environment variables, as an operator runs it. Nothing of the test JVM's
 * environment is inherited. Its output goes to a file under {@code target/service-logs} so a
 * failed test can be diagnosed afterwards.
 *
 * <p>{@link #kill()} is SIGKILL on Linux ({@link Process#destroyForcibly()}): no shutdown hook,
 * no flush, no commit, exactly a crash. {@link #terminate()} is SIGTERM ({@link Process#destroy()}).
 */
final class ServiceProcess implements AutoCloseable {

    /** Camel logs "Apache Camel x.y.z (name) started in ..." once every route is running. */
    static final String STARTED = ") started in ";

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        // a test JVM that dies must not leave services behind that keep paying the sandbox
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "service-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final String managementPort;
    private final long startedNanos = System.nanoTime();

    private ServiceProcess(String name, Process process, Path log, String managementPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.managementPort = managementPort;
    }

    /** Starts {@code java -jar <service jar>} with exactly these environment variables. */
    static ServiceProcess start(String name, Map<String, String> environment) {
        Path jar = Path.of(System.getProperty("service.jar", "target/cryptocloud-withdrawals.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: process tests run after `mvn package`");
        }
        Path logs = Path.of(System.getProperty("service.logs", "target/service-logs"));
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java,
                    // small heap and serial GC: CI has two cores shared with the broker and the test JVM
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toAbsolutePath().toString());
            builder.environment().clear();
            // After a SIGKILL the dead consumer stays in its group until its session expires, and
            // its replacement gets no partition before that: the broker's minimum (6 s) here, for
            // the submitters (their own setting) and the intake (a Kafka component setting).
            builder.environment().put("KAFKA_SUBMIT_SESSION_TIMEOUT_MS", "6000");
            builder.environment().put("CAMEL_COMPONENT_KAFKA_SESSION_TIMEOUT_MS", "6000");
            builder.environment().put("CAMEL_COMPONENT_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
            // test servers listen on the loopback interface only
            builder.environment().put("MANAGEMENT_BIND_ADDRESS", "127.0.0.1");
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true);
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            RUNNING.add(process);
            return new ServiceProcess(name, process, log, environment.getOrDefault("MANAGEMENT_PORT", "8080"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the service process " + name, e);
        }
    }

    String name() {
        return name;
    }

    /** GET on the service's health and metrics port: the status code and the body. */
    java.net.http.HttpResponse<String> management(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + managementPort + path)).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits until Camel reports every route started; fails with the log if the process dies first. */
    ServiceProcess awaitStarted(Duration timeout) {
        awaitLog(STARTED, timeout);
        return this;
    }

    /** Waits until a line containing {@code text} was logged; fails if the process exits first. */
    void awaitLog(String text, Duration timeout) {
        await(() -> {
            if (log().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before logging '"
                        + text + "':\n" + tail());
            }
            return false;
        }, timeout, "'" + text + "' in the log of " + name);
    }

    boolean logContains(String text) {
        return log().contains(text);
    }

    /** How many log lines contain {@code text}. */
    long countLog(String text) {
        return log().lines().filter(line -> line.contains(text)).count();
    }

    /** SIGKILL: the process gets no chance to do anything; returns once it is gone. */
    void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
        RUNNING.remove(process);
    }

    /** SIGTERM: a graceful stop request; does not wait. */
    void terminate() {
        process.destroy();
    }

    /** True once the process has exited within the timeout. */
    boolean waitForExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                RUNNING.remove(process);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Milliseconds since the process was launched. */
    long ageMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            // The file may be mid-write; a caller polling the log simply retries.
            return "";
        }
    }

    /** The last lines of the log, for assertion messages. */
    String tail() {
        List<String> lines = new ArrayList<>(log().lines().toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Kills the process if it still runs: a test's clean-up, whatever state it left. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        RUNNING.remove(process);
    }

    /** Polls a condition every 5 ms until it holds; fails after the timeout naming what was awaited. */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
