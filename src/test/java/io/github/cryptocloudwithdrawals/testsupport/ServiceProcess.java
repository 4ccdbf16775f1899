package io.github.cryptocloudwithdrawals.testsupport;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/cryptocloud-withdrawals.jar}) running as a child process,
 * configured only by environment variables, as an operator (or the Dockerfile) runs it: how the
 * process-level tests and the benchmarks run the jar. Nothing of the caller's environment is
 * inherited. Its output goes to a log file, so a failed test can be diagnosed afterwards. The
 * service in this JVM is {@link InJvmService}.
 *
 * <p>{@link #kill()} is SIGKILL on Linux ({@link Process#destroyForcibly()}): no shutdown hook,
 * no flush, no commit, exactly a crash. {@link #terminate()} is SIGTERM ({@link Process#destroy()}).
 * Every process still running when this JVM exits is killed, by its own id.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Camel logs "Apache Camel x.y.z (name) started in ..." once every route is running. */
    public static final String STARTED = ") started in ";

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    static {
        // a JVM that dies must not leave services behind that keep paying the sandbox
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "service-process-reaper"));
    }

    /**
     * How the jar is launched: the jar, the JVM's options, the variables every process gets (a
     * process's own variables take precedence) and the directory of the log files.
     */
    public record Launcher(Path jar, List<String> jvmOptions, Map<String, String> baseEnvironment, Path logDirectory) {

        /** The tests' JVM: sized for CI's two cores shared with the broker and the test JVM. */
        private static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        private static Launcher forTests;

        /**
         * The process-level tests' launcher: the jar and log directory failsafe names
         * ({@code service.jar}, {@code service.logs}), a JVM sized for CI's two cores shared with
         * the broker and the test JVM and started from a class-data archive of the jar
         * ({@link ClassDataArchive}, made at the first call), servers on the loopback interface,
         * and 6 s Kafka sessions.
         */
        public static synchronized Launcher forTests() {
            if (forTests == null) {
                Map<String, String> environment = new LinkedHashMap<>();
                // After a SIGKILL the dead consumer stays in its group until its session expires, and
                // its replacement gets no partition before that: the broker's minimum (6 s) here, for
                // the submitters (their own setting) and the intake (a Kafka component setting).
                environment.put("KAFKA_SUBMIT_SESSION_TIMEOUT_MS", "6000");
                environment.put("CAMEL_COMPONENT_KAFKA_SESSION_TIMEOUT_MS", "6000");
                environment.put("CAMEL_COMPONENT_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
                environment.put("MANAGEMENT_BIND_ADDRESS", "127.0.0.1");
                Path jar = Path.of(System.getProperty("service.jar", "target/cryptocloud-withdrawals.jar"));
                Path logs = Path.of(System.getProperty("service.logs", "target/service-logs"));
                List<String> options = new ArrayList<>(TEST_JVM);
                options.addAll(ClassDataArchive.make(jar, options, logs));
                forTests = new Launcher(jar, options, environment, logs);
            }
            return forTests;
        }

        /**
         * The same launcher, its JVM started without the class-data archive: a JVM with a Java agent
         * ({@code -javaagent}, e.g. OpenTelemetry's) that also maps an archive of the jar's classes
         * fails at start ({@code LinkageError: ... duplicate interface definition}).
         */
        public Launcher withoutClassDataArchive() {
            return new Launcher(jar, TEST_JVM, baseEnvironment, logDirectory);
        }

        /** Starts {@code java <options> -jar <jar>} with these variables and the base ones; returns at once. */
        public ServiceProcess start(String name, Map<String, String> environment) {
            return start(name, environment, null, List.of());
        }

        /**
         * As {@link #start(String, Map)}, from this working directory ({@code null}: this JVM's) and
         * through this command prefix (e.g. {@code setpriv} to run as another user; empty: none).
         */
        public ServiceProcess start(String name, Map<String, String> environment, Path workingDirectory,
                                    List<String> prefix) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: the service runs as a process after `mvn package`");
            }
            try {
                Files.createDirectories(logDirectory);
                Path log = logDirectory.resolve(name + ".log");
                List<String> command = new ArrayList<>(prefix);
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmOptions);
                command.add("-jar");
                command.add(jar.toAbsolutePath().toString());
                ProcessBuilder builder = new ProcessBuilder(command);
                if (workingDirectory != null) {
                    builder.directory(workingDirectory.toFile());
                }
                builder.environment().clear();
                builder.environment().putAll(baseEnvironment);
                builder.environment().putAll(environment);
                builder.redirectErrorStream(true);
                builder.redirectOutput(log.toFile());
                long launched = System.nanoTime();
                Process process = builder.start();
                RUNNING.add(process);
                return new ServiceProcess(name, process, log,
                        builder.environment().getOrDefault("MANAGEMENT_PORT", "8080"), launched);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the service process " + name, e);
            }
        }
    }

    private final String name;
    private final Process process;
    private final Path log;
    /** As given: a test may give an invalid one on purpose. */
    private final String managementPort;
    private final long launchedNanos;

    private ServiceProcess(String name, Process process, Path log, String managementPort, long launchedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.managementPort = managementPort;
        this.launchedNanos = launchedNanos;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return log;
    }

    /** GET on the service's health and metrics port: the status code and the body. */
    public HttpResponse<String> management(String path) {
        return ManagementPort.get(managementPort(), path);
    }


    public int managementPort() {
        return Integer.parseInt(managementPort);
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until Camel reports every route started; fails with the log if the process dies first. */
    public ServiceProcess awaitStarted(Duration timeout) {
        awaitLog(STARTED, timeout);
        return this;
    }

    /**
     * Waits until the readiness check answers 200; fails if the process exits first.
     *
     * @return nanos from the launch to that first 200
     */
    public long awaitReady(Duration timeout) {
        waitFor("readiness of " + name).atMost(timeout).until(() -> {
            requireAlive("being ready");
            return readinessStatus() == 200;
        });
        return System.nanoTime() - launchedNanos;
    }

    private int readinessStatus() {
        try {
            return management("/observe/health/ready").statusCode();
        } catch (UncheckedIOException e) {
            return -1; // not listening yet
        }
    }

    /** Waits until a line containing {@code text} was logged; fails if the process exits first. */
    public void awaitLog(String text, Duration timeout) {
        waitFor("'" + text + "' in the log of " + name).atMost(timeout).until(() -> {
            if (log().contains(text)) {
                return true;
            }
            requireAlive("logging '" + text + "'");
            return false;
        });
    }

    private void requireAlive(String before) {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + " before " + before + ":\n" + tail());
        }
    }

    public boolean logContains(String text) {
        return log().contains(text);
    }

    /** How many log lines contain {@code text}. */
    public long countLog(String text) {
        return log().lines().filter(line -> line.contains(text)).count();
    }

    /** SIGKILL: the process gets no chance to do anything; returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
        RUNNING.remove(process);
    }

    /** SIGTERM: a graceful stop request; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /**
     * SIGTERM, then waits up to a minute for the exit (and kills the process if it has not).
     *
     * @return nanos from the signal to the exit
     */
    public long stop() {
        long asked = System.nanoTime();
        terminate();
        if (!waitForExit(Duration.ofSeconds(60))) {
            kill();
        }
        return System.nanoTime() - asked;
    }

    /** True once the process has exited within the timeout. */
    public boolean waitForExit(Duration timeout) {
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

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Milliseconds since the process was launched. */
    public long ageMillis() {
        return (System.nanoTime() - launchedNanos) / 1_000_000;
    }

    /**
     * The most memory the process has held resident so far (Linux's VmHWM, in MiB): what a
     * container's memory limit must leave room for. -1 where /proc does not say.
     */
    public double peakResidentMib() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .mapToDouble(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0)
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** CPU time the process used so far (user + system), in nanos; -1 when the OS does not say. */
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            // The file may be mid-write; a caller polling the log simply retries.
            return "";
        }
    }

    /** The last lines of the log, for assertion messages. */
    public String tail() {
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
}
