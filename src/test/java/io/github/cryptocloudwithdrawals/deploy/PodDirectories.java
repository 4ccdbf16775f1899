package io.github.cryptocloudwithdrawals.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * What a pod gives the service's container, laid out on this machine for a process test: a
 * working directory it cannot write to (the image's is on a read-only root filesystem), the
 * Secret volume of the API key as the kubelet writes one (the file behind {@code ..data}, a
 * symbolic link swapped when the Secret changes, its group fsGroup, its mode the volume's
 * defaultMode), and the pod's user and groups. Root ignores file modes, so a test JVM running as
 * root starts the service as the pod's user (setpriv); one running as another user starts it as
 * itself, for whom the modes hold as they are.
 */
record PodDirectories(Path workingDirectory, Path secretVolume, PodSecurityContext security) {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    static PodDirectories create(Path root, RenderedService rendered) throws IOException {
        Path workingDirectory = Files.createDirectories(root.resolve("app"));
        Files.setPosixFilePermissions(workingDirectory, PosixFilePermissions.fromString("r-xr-xr-x"));
        return new PodDirectories(workingDirectory, Files.createDirectories(root.resolve("secret")),
                rendered.pod().getSecurityContext());
    }

    /** Writes the key where the Secret volume would put it; returns CRYPTOCLOUD_API_KEY_FILE, mapped to this machine. */
    String apiKeyFile(String key, RenderedService rendered) throws IOException {
        String file = rendered.environment().get("CRYPTOCLOUD_API_KEY_FILE");
        VolumeMount mount = rendered.container().getVolumeMounts().stream()
                .filter(candidate -> file.startsWith(candidate.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(file + " is in no volume the container mounts"));
        SecretVolumeSource volume = rendered.volume(mount).getSecret();
        String name = file.substring(mount.getMountPath().length() + 1);
        Path version = Files.createDirectories(secretVolume.resolve("..2026_12_06_00_00_00.000000001"));
        Path written = Files.writeString(version.resolve(name), key);
        Files.createSymbolicLink(secretVolume.resolve("..data"), version.getFileName());
        Files.createSymbolicLink(secretVolume.resolve(name), Path.of("..data", name));
        if (isRoot()) {
            Files.setAttribute(written, "unix:gid", security.getFsGroup().intValue());
        }
        Files.setPosixFilePermissions(written, permissions(volume.getDefaultMode()));
        return secretVolume.toAbsolutePath().resolve(name).toString();
    }

    /** The command prefix that runs the service as the pod's user, with fsGroup among its groups. */
    List<String> asPodUser() throws IOException {
        if (!isRoot()) {
            return List.of();
        }
        assumeTrue(Files.isExecutable(SETPRIV), "this test runs as root, and " + SETPRIV + " (util-linux) is missing: "
                + "the service cannot be started as the pod's user, for whom its working directory is read-only");
        return List.of(SETPRIV.toString(), "--reuid=" + security.getRunAsUser(), "--regid=" + security.getRunAsGroup(),
                "--groups=" + security.getFsGroup(), "--");
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }
}
