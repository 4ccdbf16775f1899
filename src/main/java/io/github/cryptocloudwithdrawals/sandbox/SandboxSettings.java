package io.github.cryptocloudwithdrawals.sandbox;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link CryptoCloudSandbox} listens and behaves. Start from {@link #forApiKey(String)} and
 * adjust with the {@code with…} methods; {@link #fromEnvironment(Map)} reads the standalone settings.
 *
 * @param host           interface to bind; 0.0.0.0 to be reachable from other containers
 * @param port           0 for an ephemeral port
 * @param apiKeys        the keys callers may send as {@code Authorization: Token <key>}, one per
 *                       CryptoCloud account; at least one, none blank, no key twice
 * @param minIntervalMs  0 = no rate limit; otherwise a call arriving sooner than this after the
 *                       previous call with the same key gets the API's {@code rate_limit} error,
 *                       as CryptoCloud limits each key on its own
 * @param successShape   which documented success body to answer with
 * @param tls            HTTPS with this key store's certificate, as the real API is reached; {@code null}: plain HTTP
 */
public record SandboxSettings(String host, int port, List<String> apiKeys, long minIntervalMs,
                              SuccessShape successShape, SandboxTls tls) {

    static final String ENV_HOST = "SANDBOX_HOST";
    static final String ENV_PORT = "SANDBOX_PORT";
    static final String ENV_API_KEY = "SANDBOX_API_KEY";
    static final String ENV_MIN_INTERVAL_MS = "SANDBOX_MIN_INTERVAL_MS";
    static final String ENV_SUCCESS_SHAPE = "SANDBOX_SUCCESS_SHAPE";
    static final String ENV_TLS_KEYSTORE = "SANDBOX_TLS_KEYSTORE";
    static final String ENV_TLS_KEYSTORE_PASSWORD = "SANDBOX_TLS_KEYSTORE_PASSWORD";

    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final int STANDALONE_PORT = 8089;
    /** The interval CryptoCloud documents for the payout endpoint. */
    private static final long STANDALONE_MIN_INTERVAL_MS = 12_000;

    public SandboxSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(successShape, "successShape");
        apiKeys = validKeys(apiKeys, "apiKeys");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (minIntervalMs < 0) {
            throw new IllegalArgumentException("minIntervalMs must not be negative, was " + minIntervalMs);
        }
    }

    /** Plain HTTP. */
    public SandboxSettings(String host, int port, List<String> apiKeys, long minIntervalMs, SuccessShape successShape) {
        this(host, port, apiKeys, minIntervalMs, successShape, null);
    }

    /** Settings for a single account over plain HTTP, the common case. */
    public SandboxSettings(String host, int port, String apiKey, long minIntervalMs, SuccessShape successShape) {
        // singletonList, unlike List.of, takes null: it is refused as blank with the other bad keys.
        this(host, port, Collections.singletonList(apiKey), minIntervalMs, successShape);
    }

    /** 127.0.0.1, an ephemeral port, no rate limit, long success bodies. */
    public static SandboxSettings forApiKey(String apiKey) {
        return new SandboxSettings(DEFAULT_HOST, 0, apiKey, 0, SuccessShape.LONG);
    }

    /**
     * The standalone configuration: {@code SANDBOX_API_KEY} (required; several accounts' keys
     * separated by commas, whitespace around each ignored), {@code SANDBOX_HOST} (127.0.0.1),
     * {@code SANDBOX_PORT} (8089), {@code SANDBOX_MIN_INTERVAL_MS} (12000, per key),
     * {@code SANDBOX_SUCCESS_SHAPE} ({@code long}, {@code short} or {@code data}), and for HTTPS
     * {@code SANDBOX_TLS_KEYSTORE} with {@code SANDBOX_TLS_KEYSTORE_PASSWORD}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or invalid (never
     *                                  showing a key)
     */
    public static SandboxSettings fromEnvironment(Map<String, String> env) {
        String apiKeys = env.get(ENV_API_KEY);
        if (apiKeys == null || apiKeys.isBlank()) {
            throw new IllegalArgumentException(ENV_API_KEY + " is required");
        }
        return new SandboxSettings(
                env.getOrDefault(ENV_HOST, DEFAULT_HOST),
                (int) number(env, ENV_PORT, STANDALONE_PORT, 0, 65_535),
                validKeys(Arrays.stream(apiKeys.split(",", -1)).map(String::strip).toList(), ENV_API_KEY),
                number(env, ENV_MIN_INTERVAL_MS, STANDALONE_MIN_INTERVAL_MS, 0, Long.MAX_VALUE),
                successShape(env),
                tls(env));
    }

    /** The first key: the only one unless {@link #withApiKeys} or the environment gave several. */
    public String apiKey() {
        return apiKeys.get(0);
    }

    /** Every one of these keys is authorized, each with its own minimum interval. */
    public SandboxSettings withApiKeys(String... newApiKeys) {
        return new SandboxSettings(host, port, Arrays.asList(newApiKeys), minIntervalMs, successShape, tls);
    }

    public SandboxSettings withHost(String newHost) {
        return new SandboxSettings(newHost, port, apiKeys, minIntervalMs, successShape, tls);
    }

    public SandboxSettings withPort(int newPort) {
        return new SandboxSettings(host, newPort, apiKeys, minIntervalMs, successShape, tls);
    }

    public SandboxSettings withMinIntervalMs(long newMinIntervalMs) {
        return new SandboxSettings(host, port, apiKeys, newMinIntervalMs, successShape, tls);
    }

    public SandboxSettings withSuccessShape(SuccessShape newShape) {
        return new SandboxSettings(host, port, apiKeys, minIntervalMs, newShape, tls);
    }

    /** HTTPS, presenting the certificate (and key) in this key store (PKCS12 or JKS). */
    public SandboxSettings withTls(Path keyStore, String password) {
        return new SandboxSettings(host, port, apiKeys, minIntervalMs, successShape, new SandboxTls(keyStore, password));
    }

    /** Never shows a key or a password, only how many keys: settings end up in assertion messages and logs. */
    @Override
    public String toString() {
        return "SandboxSettings[host=" + host + ", port=" + port
                + ", apiKeys=" + Collections.nCopies(apiKeys.size(), "***") + ", minIntervalMs=" + minIntervalMs
                + ", successShape=" + successShape + ", tls=" + tls + "]";
    }

    private static SuccessShape successShape(Map<String, String> env) {
        String text = env.get(ENV_SUCCESS_SHAPE);
        if (text == null || text.isBlank()) {
            return SuccessShape.LONG;
        }
        try {
            return SuccessShape.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV_SUCCESS_SHAPE + " must be long, short or data, was '" + text + "'");
        }
    }

    private static SandboxTls tls(Map<String, String> env) {
        String keyStore = env.get(ENV_TLS_KEYSTORE);
        if (keyStore == null || keyStore.isBlank()) {
            return null;
        }
        String password = env.get(ENV_TLS_KEYSTORE_PASSWORD);
        if (password == null) {
            throw new IllegalArgumentException(ENV_TLS_KEYSTORE_PASSWORD + " is required with " + ENV_TLS_KEYSTORE);
        }
        return new SandboxTls(Path.of(keyStore.strip()), password);
    }

    /** An unmodifiable copy; the messages name {@code source} but never show a key. */
    private static List<String> validKeys(List<String> keys, String source) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + " must hold at least one key");
        }
        if (keys.stream().anyMatch(key -> key == null || key.isBlank())) {
            throw new IllegalArgumentException(source + " must not hold a blank key");
        }
        if (new HashSet<>(keys).size() < keys.size()) {
            throw new IllegalArgumentException(source + " must not hold the same key twice");
        }
        return List.copyOf(keys);
    }

    private static long number(Map<String, String> env, String name, long defaultValue, long min, long max) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max
                + ", was '" + text + "'");
    }
}
