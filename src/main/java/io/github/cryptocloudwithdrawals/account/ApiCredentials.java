package io.github.cryptocloudwithdrawals.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The payout API key. It is given either directly or as a file (a mounted secret), and a file
 * is read again after the API refuses the key, so that a rotated secret is picked up without a
 * restart. Nothing here ever renders the key: not {@link #toString()}, not an exception.
 */
public final class ApiCredentials {

    private final Path keyFile;
    private final String keyFileVariable;
    private final String source;
    private volatile String key;

    private ApiCredentials(String key, Path keyFile, String keyFileVariable, String source) {
        this.key = key;
        this.keyFile = keyFile;
        this.keyFileVariable = keyFileVariable;
        this.source = source;
    }

    /** The default account's key: {@code CRYPTOCLOUD_API_KEY} or {@code CRYPTOCLOUD_API_KEY_FILE}. */
    public static ApiCredentials of(String key, String keyFile) {
        return of(key, keyFile, "CRYPTOCLOUD_API_KEY", "CRYPTOCLOUD_API_KEY_FILE");
    }

    /**
     * @param key             the key itself, or blank
     * @param keyFile         a file holding the key, or blank; used when {@code key} is blank
     * @param keyVariable     the setting that gives the key, for messages
     * @param keyFileVariable the setting that gives the file, for messages
     * @throws IllegalArgumentException naming the setting when neither gives a key, or the file cannot give one
     */
    public static ApiCredentials of(String key, String keyFile, String keyVariable, String keyFileVariable) {
        if (key != null && !key.isBlank()) {
            return new ApiCredentials(key.strip(), null, keyFileVariable, keyVariable);
        }
        if (keyFile == null || keyFile.isBlank()) {
            throw new IllegalArgumentException(keyVariable + " is not set (nor " + keyFileVariable
                    + "): the payout API key is required");
        }
        Path file = Path.of(keyFile.strip());
        return new ApiCredentials(readKey(file, keyFileVariable), file, keyFileVariable, keyFileVariable);
    }

    public String authorizationHeader() {
        return "Token " + key;
    }

    /** The setting the key came from (the key itself, or its file), for messages. */
    public String source() {
        return source;
    }

    /** Whether both hold one key: then they are one CryptoCloud account. */
    public boolean sameKeyAs(ApiCredentials other) {
        return key.equals(other.key);
    }

    /** Reads the key file again, if the key came from one; keeps the old key if it cannot. */
    public void reload() {
        if (keyFile != null) {
            try {
                key = readKey(keyFile, keyFileVariable);
            } catch (IllegalArgumentException e) {
                // keep the previous key: the fault that led here is reported on its own
            }
        }
    }

    private static String readKey(Path file, String keyFileVariable) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(keyFileVariable + " cannot be read: " + file);
        }
        if (content.isEmpty()) {
            throw new IllegalArgumentException(keyFileVariable + " is empty: " + file);
        }
        return content;
    }

    @Override
    public String toString() {
        return "ApiCredentials[key hidden" + (keyFile == null ? "" : ", file=" + keyFile) + "]";
    }
}
