package io.github.cryptocloudwithdrawals.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's container as a kustomization renders it, and the environment Kubernetes would
 * give it: the ConfigMap of its envFrom, then its env (which wins, as in Kubernetes). A variable
 * taken from a Secret has no value here: {@link #fromSecrets()} names its Secret and key.
 */
record RenderedService(Deployment deployment, ConfigMap settings, Map<String, String> environment,
                       Map<String, String> fromSecrets) {

    static RenderedService of(List<Map<String, Object>> rendered) {
        Deployment deployment = StrictModel.parse(Manifests.find(rendered, "Deployment", "cryptocloud-withdrawals"),
                Deployment.class, "the rendered Deployment");
        Container container = container(deployment);
        assertThat(container.getEnvFrom()).as("envFrom of the container").singleElement()
                .extracting(EnvFromSource::getConfigMapRef).isNotNull();
        String configMapName = container.getEnvFrom().get(0).getConfigMapRef().getName();
        ConfigMap settings = StrictModel.parse(Manifests.find(rendered, "ConfigMap", configMapName), ConfigMap.class,
                "the rendered ConfigMap");
        Map<String, String> environment = new LinkedHashMap<>(settings.getData());
        Map<String, String> fromSecrets = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null) {
                assertThat(variable.getValueFrom().getSecretKeyRef()).as("%s comes from a Secret", variable.getName()).isNotNull();
                fromSecrets.put(variable.getName(), variable.getValueFrom().getSecretKeyRef().getName() + "/"
                        + variable.getValueFrom().getSecretKeyRef().getKey());
                environment.remove(variable.getName());
            } else {
                environment.put(variable.getName(), variable.getValue());
            }
        }
        return new RenderedService(deployment, settings, environment, fromSecrets);
    }

    PodSpec pod() {
        return deployment.getSpec().getTemplate().getSpec();
    }

    Container container() {
        return container(deployment);
    }

    String configMapName() {
        return settings.getMetadata().getName();
    }

    /** Where the container mounts emptyDir volumes: its writable paths. */
    List<String> emptyDirMounts() {
        return container().getVolumeMounts().stream().filter(mount -> volume(mount).getEmptyDir() != null)
                .map(VolumeMount::getMountPath).toList();
    }

    /** Where the container mounts this Secret, and the volume. */
    Optional<VolumeMount> secretMount(String secretName) {
        return container().getVolumeMounts().stream().filter(mount -> volume(mount).getSecret() != null)
                .filter(mount -> secretName.equals(volume(mount).getSecret().getSecretName())).findFirst();
    }

    Volume volume(VolumeMount mount) {
        return pod().getVolumes().stream().filter(volume -> volume.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
    }

    private static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(Container::getName).containsExactly("service");
        return containers.get(0);
    }
}
