package io.github.cryptocloudwithdrawals.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.github.cryptocloudwithdrawals.settings.ManagementServer;
import io.github.cryptocloudwithdrawals.testsupport.BundledSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes as a cluster would take it (none is reachable from the build): every file
 * parses strictly as its Kubernetes type, the base and the production overlay render with
 * kustomize, and what they render is what the service needs: the restricted Pod Security profile,
 * probes on its health endpoints, a grace period above its stop bound, a Service, a disruption
 * budget and a network policy that select its pods. Their settings: {@link ManifestSettingsTest}.
 */
class KubernetesManifestsTest {

    private static final Map<String, String> POD_LABELS = Map.of("app.kubernetes.io/name", "cryptocloud-withdrawals",
            "app.kubernetes.io/component", "payouts");

    @Test
    void everyManifestParsesStrictlyAsItsType() {
        List<Path> files = new java.util.ArrayList<>(Manifests.files(Manifests.KUBERNETES));
        files.addAll(Manifests.files(Manifests.STRIMZI));

        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        for (Path file : files) {
            List<Map<String, Object>> documents = Manifests.read(file);
            assertThat(documents).as("documents in %s", file).isNotEmpty();
            documents.forEach(document -> StrictModel.parse(document, file.toString()));
        }
    }

    @Test
    void aFieldATypeDoesNotHaveOrAValueOfTheWrongTypeIsRefused() {
        Map<String, Object> deployment = Manifests.read(Manifests.BASE.resolve("deployment.yaml")).get(0);
        Map<String, Object> misspelt = new HashMap<>(deployment);
        misspelt.put("spec", withEntry(deployment.get("spec"), "replica", 2));
        Map<String, Object> mistyped = new HashMap<>(deployment);
        mistyped.put("spec", withEntry(deployment.get("spec"), "replicas", "2"));

        assertThatThrownBy(() -> StrictModel.parse(misspelt, "misspelt")).hasMessageContaining("replica");
        assertThatThrownBy(() -> StrictModel.parse(mistyped, "mistyped")).hasMessageContaining("replicas");
        assertThatThrownBy(() -> StrictModel.parse(Map.of("apiVersion", "apps/v1beta1", "kind", "Deployment"), "old"))
                .hasMessageContaining("apps/v1beta1/Deployment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void rendersTheServiceItsSettingsAndWhatGuardsIt(String kustomization) {
        List<Map<String, Object>> rendered = Manifests.render(Manifests.KUBERNETES.resolve(kustomization));

        rendered.forEach(document -> StrictModel.parse(document, kustomization + " rendered"));
        assertThat(rendered).extracting(document -> document.get("kind") + " " + Manifests.metadataName(document))
                .containsExactlyInAnyOrder("Deployment cryptocloud-withdrawals", "Service cryptocloud-withdrawals",
                        "PodDisruptionBudget cryptocloud-withdrawals", "NetworkPolicy cryptocloud-withdrawals",
                        "ConfigMap " + RenderedService.of(rendered).configMapName());
        assertThat(RenderedService.of(rendered).configMapName()).startsWith("cryptocloud-withdrawals-settings-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void podsRunUnderTheRestrictedProfile(String kustomization) {
        RenderedService service = RenderedService.of(Manifests.render(Manifests.KUBERNETES.resolve(kustomization)));
        PodSpec pod = service.pod();
        Container container = service.container();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(pod.getHostNetwork()).isNotEqualTo(true);
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        // the only writable path, the JVM's temporary directory, is an emptyDir
        assertThat(service.emptyDirMounts()).containsExactly("/tmp");
        // memory: request = limit, the JVM sized by the limit
        assertThat(container.getResources().getRequests().get("memory"))
                .isEqualTo(container.getResources().getLimits().get("memory"));
        assertThat(service.environment().get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void probesAskTheHealthEndpointsAndAStopHasTimeToFinishItsCall(String kustomization) throws IOException {
        RenderedService service = RenderedService.of(Manifests.render(Manifests.KUBERNETES.resolve(kustomization)));
        Container container = service.container();
        String managementPort = service.environment().get("MANAGEMENT_PORT");

        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("management");
            assertThat(String.valueOf(port.getContainerPort())).isEqualTo(managementPort);
        });
        assertProbe(container.getStartupProbe(), ManagementServer.LIVENESS);
        assertProbe(container.getLivenessProbe(), ManagementServer.LIVENESS);
        assertProbe(container.getReadinessProbe(), ManagementServer.READINESS);
        Probe startup = container.getStartupProbe();
        // the service waits for Kafka before it answers: minutes, not seconds
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(120);
        assertThat(service.pod().getTerminationGracePeriodSeconds())
                .isGreaterThan(Long.parseLong(BundledSettings.load().getProperty("camel.main.shutdown-timeout")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void theServiceTheBudgetAndTheNetworkPolicySelectThePods(String kustomization) {
        List<Map<String, Object>> rendered = Manifests.render(Manifests.KUBERNETES.resolve(kustomization));
        RenderedService service = RenderedService.of(rendered);
        Service metrics = StrictModel.parse(Manifests.single(rendered, "Service"), Service.class, kustomization);
        PodDisruptionBudget budget = StrictModel.parse(Manifests.single(rendered, "PodDisruptionBudget"),
                PodDisruptionBudget.class, kustomization);
        NetworkPolicy policy = StrictModel.parse(Manifests.single(rendered, "NetworkPolicy"), NetworkPolicy.class, kustomization);
        Deployment deployment = service.deployment();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(POD_LABELS);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(POD_LABELS);
        assertThat(metrics.getSpec().getSelector()).isEqualTo(POD_LABELS);
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("management");
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("management");
        });
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(POD_LABELS);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(POD_LABELS);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule ->
                assertThat(rule.getPorts()).extracting(port -> port.getPort().getStrVal()).containsExactly("management"));
        // DNS, Kafka (plain and TLS listeners), the API over HTTPS; nothing else
        assertThat(policy.getSpec().getEgress()).flatExtracting(rule -> rule.getPorts().stream()
                .map(NetworkPolicyPort::getPort).map(port -> port.getIntVal()).toList())
                .containsExactlyInAnyOrder(53, 53, 9092, 9093, 443);
        String bootstrap = service.environment().get("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)).isIn("9092", "9093");
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as("probe on %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }

    private static Map<String, Object> withEntry(Object map, String key, Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = new HashMap<>((Map<String, Object>) map);
        copy.put(key, value);
        return copy;
    }
}
