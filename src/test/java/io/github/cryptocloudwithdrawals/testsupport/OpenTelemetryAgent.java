package io.github.cryptocloudwithdrawals.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The OpenTelemetry Java agent as the Kubernetes component attaches it
 * (deploy/kubernetes/components/opentelemetry): the variables it gives the container
 * {@code service}, with the agent that {@code mvn package} put in target/ and a local endpoint, so
 * that the trace test and the benchmark run the service exactly as it is shipped.
 */
public final class OpenTelemetryAgent {

    public static final Path COMPONENT = Path.of("deploy/kubernetes/components/opentelemetry/deployment-patch.yaml");
    public static final Path JAR = Path.of(System.getProperty("opentelemetry.agent", "target/opentelemetry-javaagent.jar"));
    private static final String ATTACH = "JDK_JAVA_OPTIONS";
    private static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private OpenTelemetryAgent() {
    }

    /** The component's OTEL_ variables and the agent's attachment, exporting to this OTLP endpoint. */
    public static Map<String, String> environment(String endpoint) {
        Map<String, String> component = containerEnvironment();
        Map<String, String> environment = new LinkedHashMap<>();
        component.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                environment.put(name, value);
            }
        });
        String attach = component.get(ATTACH);
        if (attach == null || !attach.startsWith("-javaagent:") || !environment.containsKey(ENDPOINT)) {
            throw new IllegalStateException(COMPONENT + " no longer sets " + ATTACH + "=-javaagent:… and " + ENDPOINT);
        }
        environment.put(ATTACH, "-javaagent:" + JAR.toAbsolutePath());
        environment.put(ENDPOINT, endpoint);
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> containerEnvironment() {
        try {
            Map<String, Object> patch = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(COMPONENT));
            Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) patch.get("spec"))
                    .get("template")).get("spec");
            Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).stream()
                    .filter(each -> "service".equals(each.get("name"))).findFirst().orElseThrow();
            Map<String, String> environment = new LinkedHashMap<>();
            ((List<Map<String, Object>>) container.get("env")).forEach(variable ->
                    environment.put((String) variable.get("name"), (String) variable.get("value")));
            return environment;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
