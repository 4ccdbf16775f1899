package io.github.cryptocloudwithdrawals.sandbox;

import java.util.Map;
import java.util.Objects;

/**
 * How a {@link CryptoCloudSandbox} listens and behaves. Start from {@link #forApiKey(String)} and
 * adjust with the {@code with…} methods; {@link #fromEnvironment(Map)} reads the standalone settings.
 *
 * @param host           interface to bind; 0.0.0.0 to be reachable from other containers
 * @param port           0 for an ephemeral port
 * @param apiKey         the key callers must send as {@code Authorization: Token <key>}
 * @param minIntervalMs  0 = no rate limit; otherwise a call arriving sooner than this after the
 *                       previous call's arrival gets the API's {@code rate_limit} error
 * @param successShape   which documented success body to answer with
 */
public record SandboxSettings(String host, int port, String apiKey, long minIntervalMs, SuccessShape successShape) {

    static final String ENV_HOST = "SANDBOX_HOST";
    static final String ENV_PORT = "SANDBOX_PORT";
    static final String ENV_API_KEY = "SANDBOX_API_KEY";
    static final String ENV_MIN_INTERVAL_MS = "SANDBOX_MIN_INTERVAL_MS";

    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final int STANDALONE_PORT = 8089;
    /** The interval CryptoCloud documents for the payout endpoint. */
    private static final long STANDALONE_MIN_INTERVAL_MS = 12_000;

    public SandboxSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(successShape, "successShape");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (minIntervalMs < 0) {
            throw new IllegalArgumentException("minIntervalMs must not be negative, was " + minIntervalMs);
        }
    }

    /** 127.0.0.1, an ephemeral port, no rate limit, long success bodies. */
    public static SandboxSettings forApiKey(String apiKey) {
        return new SandboxSettings(DEFAULT_HOST, 0, apiKey, 0, SuccessShape.LONG);
    }

    /**
     * The standalone configuration: {@code SANDBOX_API_KEY} (required), {@code SANDBOX_HOST}
     * (127.0.0.1), {@code SANDBOX_PORT} (8089), {@code SANDBOX_MIN_INTERVAL_MS} (12000).
     *
     * @throws IllegalArgumentException naming the variable that is missing or invalid
     */
    public static SandboxSettings fromEnvironment(Map<String, String> env) {
        String apiKey = env.get(ENV_API_KEY);
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException(ENV_API_KEY + " is required");
        }
        return new SandboxSettings(
                env.getOrDefault(ENV_HOST, DEFAULT_HOST),
                (int) number(env, ENV_PORT, STANDALONE_PORT, 0, 65_535),
                apiKey,
                number(env, ENV_MIN_INTERVAL_MS, STANDALONE_MIN_INTERVAL_MS, 0, Long.MAX_VALUE),
                SuccessShape.LONG);
    }

    public SandboxSettings withHost(String newHost) {
        return new SandboxSettings(newHost, port, apiKey, minIntervalMs, successShape);
    }

    public SandboxSettings withPort(int newPort) {
        return new SandboxSettings(host, newPort, apiKey, minIntervalMs, successShape);
    }

    public SandboxSettings withMinIntervalMs(long newMinIntervalMs) {
        return new SandboxSettings(host, port, apiKey, newMinIntervalMs, successShape);
    }

    public SandboxSettings withSuccessShape(SuccessShape newShape) {
        return new SandboxSettings(host, port, apiKey, minIntervalMs, newShape);
    }

    /** Never shows the key: settings end up in assertion messages and logs. */
    @Override
    public String toString() {
        return "SandboxSettings[host=" + host + ", port=" + port + ", apiKey=***, minIntervalMs=" + minIntervalMs
                + ", successShape=" + successShape + "]";
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
