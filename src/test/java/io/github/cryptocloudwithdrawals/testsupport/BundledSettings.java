package io.github.cryptocloudwithdrawals.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The service's {@code application.properties}, the defaults the jar ships: what the documentation,
 * the manifests, the compose file, the contract and the start-up check are held to.
 */
public final class BundledSettings {

    public static final Path FILE = Path.of("src/main/resources/application.properties");

    private BundledSettings() {
    }

    public static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(FILE)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
