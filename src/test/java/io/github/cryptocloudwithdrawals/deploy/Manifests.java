package io.github.cryptocloudwithdrawals.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The manifests of deploy/: each file's YAML documents as written, or a kustomization as
 * {@code kubectl kustomize} renders it (kustomize is built into kubectl; where kubectl is
 * absent, a test that needs a rendering is skipped, saying so).
 */
final class Manifests {

    static final Path KUBERNETES = Path.of("deploy/kubernetes");
    static final Path BASE = KUBERNETES.resolve("base");
    static final Path PRODUCTION = KUBERNETES.resolve("overlays/production");
    static final Path STRIMZI = Path.of("deploy/strimzi");
    /** What kustomize reads, not what it applies: rendered (and so checked) through the kustomizations. */
    private static final String KUSTOMIZATION = "kustomization.yaml";

    private static final Map<Path, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();
    private static Boolean kubectl;

    private Manifests() {
    }

    /** Every manifest file under the directory (YAML; kustomizations excepted), sorted. */
    static List<Path> files(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(path -> path.toString().endsWith(".yaml"))
                    .filter(path -> !path.getFileName().toString().equals(KUSTOMIZATION)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML documents of a file, as written. */
    static List<Map<String, Object>> read(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kubectl kustomize <directory>}: the documents it renders; skips the test where kubectl is absent. */
    static List<Map<String, Object>> render(Path kustomization) {
        assumeTrue(kubectlPresent(), "kubectl is not installed: the kustomizations of " + KUBERNETES
                + " were not rendered, nor anything checked in what they render");
        return RENDERED.computeIfAbsent(kustomization, directory -> {
            String output = run("kubectl", "kustomize", directory.toString());
            return documents(output);
        });
    }

    /** The one document of this kind and name among the documents. */
    static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
        List<Map<String, Object>> found = documents.stream().filter(document -> kind.equals(document.get("kind")))
                .filter(document -> name.equals(metadataName(document))).toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    /** The one document of this kind among the documents. */
    static Map<String, Object> single(List<Map<String, Object>> documents, String kind) {
        List<Map<String, Object>> found = documents.stream().filter(document -> kind.equals(document.get("kind"))).toList();
        assertThat(found).as("documents of kind %s", kind).hasSize(1);
        return found.get(0);
    }

    static String metadataName(Map<String, Object> document) {
        return document.get("metadata") instanceof Map<?, ?> metadata ? String.valueOf(metadata.get("name")) : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadAllFromString(yaml)) {
            if (document != null) {
                assertThat(document).as("a YAML document of a manifest").isInstanceOf(Map.class);
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    private static synchronized boolean kubectlPresent() {
        if (kubectl == null) {
            try {
                Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                kubectl = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                kubectl = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kubectl = false;
            }
        }
        return kubectl;
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            // small outputs both: read one after the other
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
            assertThat(process.exitValue()).as("exit code of %s:%n%s", String.join(" ", command), errors).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
