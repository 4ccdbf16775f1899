package io.github.cryptocloudwithdrawals.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** API keys given as files, as a mounted secret gives them. */
public final class KeyFiles {

    private KeyFiles() {
    }

    /** A temporary file holding the key and a line break, deleted when the JVM exits. */
    public static Path holding(String key) {
        try {
            Path file = Files.createTempFile("cryptocloud", ".key");
            Files.writeString(file, key + "\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
