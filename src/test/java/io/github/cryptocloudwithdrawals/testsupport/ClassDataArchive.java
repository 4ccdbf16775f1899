package io.github.cryptocloudwithdrawals.testsupport;

import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A class-data archive (the JDK's application class-data sharing) of the service jar, made once per
 * test JVM by one start of the jar: every later start maps the classes it loads from the archive
 * instead of reading and verifying them again, which saves about a third of a start's CPU time (on
 * CI's two cores the process tests start some 80 service JVMs). It changes how fast a JVM starts,
 * nothing of what the service does. When the archive cannot be made, the jar starts without it.
 */
final class ClassDataArchive {

    private static final Logger LOG = LogManager.getLogger(ClassDataArchive.class);
    private static final Duration MAKING = Duration.ofSeconds(90);

    private ClassDataArchive() {
    }

    /**
     * Makes the archive of this jar next to it, by a start of the jar with these options against
     * the test broker and a sandbox, stopped once every route runs (the archive is written at its exit).
     *
     * @return the options that start a JVM from the archive; none when it could not be made
     */
    static List<String> make(Path jar, List<String> jvmOptions, Path logDirectory) {
        Path archive = jar.toAbsolutePath().resolveSibling(jar.getFileName() + ".jsa");
        long started = System.nanoTime();
        try (CryptoCloudSandbox sandbox = CryptoCloudSandbox.start(SandboxSettings.forApiKey("class-data-key"))) {
            Files.deleteIfExists(archive);
            List<String> options = new java.util.ArrayList<>(jvmOptions);
            options.add("-XX:ArchiveClassesAtExit=" + archive);
            options.add("-Xlog:cds=off"); // the classes it cannot archive, one line each
            String run = "class-data-" + UUID.randomUUID().toString().substring(0, 8);
            ServiceProcess process = new ServiceProcess.Launcher(jar, options, Map.of("MANAGEMENT_BIND_ADDRESS", "127.0.0.1"),
                    logDirectory).start(run, Map.of(
                            "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                            "KAFKA_GROUP_ID", run,
                            "CRYPTOCLOUD_API_KEY", "class-data-key",
                            "CRYPTOCLOUD_BASE_URL", sandbox.baseUrl(),
                            "MANAGEMENT_PORT", String.valueOf(LoopbackPorts.freePort()),
                            "WITHDRAWAL_COMMANDS_TOPIC", "commands-" + run,
                            "WITHDRAWAL_SUCCEEDED_TOPIC", "succeeded-" + run,
                            "WITHDRAWAL_FAILED_TOPIC", "failed-" + run));
            try (process) {
                process.awaitStarted(MAKING);
                process.stop();
            }
            if (!Files.isRegularFile(archive)) {
                LOG.warn("No class-data archive of {} was written: service JVMs start without one", jar);
                return List.of();
            }
            LOG.info("Class-data archive of {} made in {} ms: {} MiB", jar, (System.nanoTime() - started) / 1_000_000,
                    Files.size(archive) >> 20);
            // a JVM that cannot use the archive (made of another jar) only starts slower: not worth a
            // line in the service's log, which tests read
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a class-data archive of " + jar, e);
        } catch (RuntimeException | AssertionError e) {
            LOG.warn("No class-data archive of {}: service JVMs start without one", jar, e);
            return List.of();
        }
    }
}
