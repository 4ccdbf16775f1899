package io.github.cryptocloudwithdrawals.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The production overlay with the OpenTelemetry component (deploy/kubernetes/overlays/traced):
 * the agent is copied by an init container that runs under the restricted profile too, attached
 * by the java launcher from a read-only mount, at the version the build tests; the service's own
 * container is production's but for the agent's variables and mount; and the network policy lets
 * the spans out to the collector the overlay names (without that rule the agent exports nothing).
 */
class TracedOverlayTest {

    private static final Path TRACED = Manifests.KUBERNETES.resolve("overlays/traced");
    private static final Pattern AGENT_VERSION = Pattern.compile("<opentelemetry-javaagent.version>([^<]+)<");

    @Test
    void theInitContainerCopiesTheAgentTheLauncherAttaches() throws IOException {
        RenderedService traced = RenderedService.of(Manifests.render(TRACED));
        Container copier = traced.pod().getInitContainers().stream().filter(c -> c.getName().equals("opentelemetry-agent"))
                .findFirst().orElseThrow(() -> new AssertionError("no init container opentelemetry-agent"));
        Container service = traced.container();

        assertThat(copier.getImage()).endsWith(":" + agentVersion());
        assertThat(copier.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(copier.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(copier.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(copier.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        VolumeMount written = copier.getVolumeMounts().get(0);
        VolumeMount read = service.getVolumeMounts().stream().filter(m -> m.getName().equals(written.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("the service does not mount " + written.getName()));
        assertThat(traced.volume(read).getEmptyDir()).isNotNull();
        assertThat(read.getReadOnly()).isTrue();
        String copiedTo = copier.getCommand().get(copier.getCommand().size() - 1);
        assertThat(copiedTo).startsWith(written.getMountPath() + "/");
        assertThat(traced.environment().get("JDK_JAVA_OPTIONS"))
                .isEqualTo("-javaagent:" + read.getMountPath() + copiedTo.substring(written.getMountPath().length()));
    }

    @Test
    void theServiceContainerIsProductionsButForTheAgent() {
        RenderedService production = RenderedService.of(Manifests.render(Manifests.PRODUCTION));
        RenderedService traced = RenderedService.of(Manifests.render(TRACED));

        assertThat(traced.container().getImage()).isEqualTo(production.container().getImage());
        assertThat(traced.container().getSecurityContext()).isEqualTo(production.container().getSecurityContext());
        assertThat(traced.container().getResources()).isEqualTo(production.container().getResources());
        assertThat(traced.environment()).containsAllEntriesOf(production.environment());
        assertThat(traced.environment().keySet()).filteredOn(name -> !production.environment().containsKey(name))
                .allMatch(name -> name.startsWith("OTEL_") || name.equals("JDK_JAVA_OPTIONS"));
        assertThat(traced.emptyDirMounts()).containsExactlyInAnyOrderElementsOf(
                List.of("/tmp", traced.environment().get("JDK_JAVA_OPTIONS").replaceAll("^-javaagent:(.*)/[^/]+$", "$1")));
    }

    @Test
    void theNetworkPolicyLetsTheSpansReachTheCollector() {
        List<Map<String, Object>> rendered = Manifests.render(TRACED);
        NetworkPolicy policy = StrictModel.parse(Manifests.single(rendered, "NetworkPolicy"), NetworkPolicy.class, "traced");
        NetworkPolicy production = StrictModel.parse(Manifests.single(Manifests.render(Manifests.PRODUCTION), "NetworkPolicy"),
                NetworkPolicy.class, "production");
        int collectorPort = URI.create(RenderedService.of(rendered).environment().get("OTEL_EXPORTER_OTLP_ENDPOINT")).getPort();

        assertThat(policy.getSpec().getEgress()).containsAll(production.getSpec().getEgress());
        assertThat(policy.getSpec().getEgress()).as("egress rules")
                .anySatisfy(rule -> assertThat(ports(rule)).contains(collectorPort));
    }

    private static List<Integer> ports(NetworkPolicyEgressRule rule) {
        return rule.getPorts().stream().map(NetworkPolicyPort::getPort).map(port -> port.getIntVal()).toList();
    }

    private static String agentVersion() throws IOException {
        Matcher version = AGENT_VERSION.matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).as("pom.xml names the agent's version").isTrue();
        return version.group(1);
    }
}
