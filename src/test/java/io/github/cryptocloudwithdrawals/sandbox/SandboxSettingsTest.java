package io.github.cryptocloudwithdrawals.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.cryptocloudwithdrawals.settings.SettingNames;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxSettingsTest {

    @Test
    void standaloneDefaultsFollowTheApi() {
        SandboxSettings settings = SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", "k"));

        assertThat(settings).isEqualTo(new SandboxSettings("127.0.0.1", 8089, "k", 12_000, SuccessShape.LONG));
    }

    @Test
    void environmentOverridesHostPortAndInterval() {
        SandboxSettings settings = SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", "k",
                "SANDBOX_HOST", "0.0.0.0", "SANDBOX_PORT", "9000", "SANDBOX_MIN_INTERVAL_MS", "0"));

        assertThat(settings).isEqualTo(new SandboxSettings("0.0.0.0", 9000, "k", 0, SuccessShape.LONG));
    }

    @Test
    void environmentListsSeveralKeysSeparatedByCommas() {
        SandboxSettings settings = SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", " key-a,key-b , key-c"));

        assertThat(settings.apiKeys()).containsExactly("key-a", "key-b", "key-c");
        assertThat(settings.apiKey()).isEqualTo("key-a");
        assertThat(settings)
                .isEqualTo(new SandboxSettings("127.0.0.1", 8089, List.of("key-a", "key-b", "key-c"), 12_000,
                        SuccessShape.LONG));
    }

    @ParameterizedTest
    @ValueSource(strings = {"secret-a,,secret-b", "secret-a, ", ",secret-a", "secret-a,secret-b, secret-a"})
    void blankOrRepeatedKeyInTheEnvironmentIsNamedWithoutShowingAKey(String apiKeys) {
        assertThatThrownBy(() -> SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", apiKeys)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SANDBOX_API_KEY must")
                .message().doesNotContain("secret");
    }

    @Test
    void severalKeysReplaceTheFirstOne() {
        SandboxSettings settings = SandboxSettings.forApiKey("k").withApiKeys("key-a", "key-b");

        assertThat(settings.apiKeys()).containsExactly("key-a", "key-b");
        assertThat(settings.apiKey()).isEqualTo("key-a");
        assertThat(settings.withPort(1234).apiKeys()).containsExactly("key-a", "key-b");
    }

    @Test
    void keysAreCopied() {
        String[] keys = {"key-a", "key-b"};
        SandboxSettings settings = SandboxSettings.forApiKey("k").withApiKeys(keys);
        keys[1] = "changed";

        assertThat(settings.apiKeys()).containsExactly("key-a", "key-b");
        assertThatThrownBy(() -> settings.apiKeys().add("key-c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noKeyABlankKeyOrTheSameKeyTwiceIsRefusedWithoutShowingAKey() {
        SandboxSettings settings = SandboxSettings.forApiKey("k");

        assertThatThrownBy(settings::withApiKeys).hasMessage("apiKeys must hold at least one key");
        assertThatThrownBy(() -> settings.withApiKeys("secret-a", " "))
                .hasMessage("apiKeys must not hold a blank key");
        assertThatThrownBy(() -> settings.withApiKeys("secret-a", null))
                .hasMessage("apiKeys must not hold a blank key");
        assertThatThrownBy(() -> SandboxSettings.forApiKey(""))
                .hasMessage("apiKeys must not hold a blank key");
        assertThatThrownBy(() -> SandboxSettings.forApiKey(null))
                .hasMessage("apiKeys must not hold a blank key");
        assertThatThrownBy(() -> settings.withApiKeys("secret-a", "secret-b", "secret-a"))
                .hasMessage("apiKeys must not hold the same key twice");
    }

    @Test
    void missingKeyOrBadNumberIsNamed() {
        assertThatThrownBy(() -> SandboxSettings.fromEnvironment(Map.of()))
                .hasMessage("SANDBOX_API_KEY is required");
        assertThatThrownBy(() -> SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", "k", "SANDBOX_PORT", "80a")))
                .hasMessageStartingWith("SANDBOX_PORT must be");
        assertThatThrownBy(() -> SandboxSettings.fromEnvironment(
                Map.of("SANDBOX_API_KEY", "k", "SANDBOX_MIN_INTERVAL_MS", "-5")))
                .hasMessageStartingWith("SANDBOX_MIN_INTERVAL_MS must be");
    }

    @Test
    void testDefaultsAreAnEphemeralLoopbackPortWithoutRateLimit() {
        SandboxSettings settings = SandboxSettings.forApiKey("k");

        assertThat(settings).isEqualTo(new SandboxSettings("127.0.0.1", 0, "k", 0, SuccessShape.LONG));
        assertThat(settings.withMinIntervalMs(200).withPort(1234).withHost("::1").withSuccessShape(SuccessShape.SHORT))
                .isEqualTo(new SandboxSettings("::1", 1234, "k", 200, SuccessShape.SHORT));
    }

    @Test
    void toStringHidesTheKey() {
        assertThat(SandboxSettings.forApiKey("super-secret").toString()).doesNotContain("super-secret");
    }

    @Test
    void toStringHidesEveryKeyButTellsHowMany() {
        String text = SandboxSettings.forApiKey("k").withApiKeys("secret-a", "secret-b").toString();

        assertThat(text).doesNotContain("secret").contains("apiKeys=[***, ***]");
    }

    @Test
    void environmentChoosesTheSuccessShapeAndHttps() {
        SandboxSettings settings = SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", "k",
                "SANDBOX_SUCCESS_SHAPE", "Data", "SANDBOX_TLS_KEYSTORE", "/etc/sandbox/server.p12",
                "SANDBOX_TLS_KEYSTORE_PASSWORD", "tls-secret"));

        assertThat(settings.successShape()).isEqualTo(SuccessShape.DATA);
        assertThat(settings.tls()).isEqualTo(new SandboxTls(Path.of("/etc/sandbox/server.p12"), "tls-secret"));
        assertThat(settings.toString()).contains("server.p12").doesNotContain("tls-secret");
        assertThat(SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", "k")).tls()).isNull();
    }

    @Test
    void aBadShapeOrAKeyStoreWithoutPasswordIsNamed() {
        assertThatThrownBy(() -> SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", "k",
                "SANDBOX_SUCCESS_SHAPE", "medium")))
                .hasMessage("SANDBOX_SUCCESS_SHAPE must be long, short or data, was 'medium'");
        assertThatThrownBy(() -> SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", "k",
                "SANDBOX_TLS_KEYSTORE", "/etc/sandbox/server.p12")))
                .hasMessage("SANDBOX_TLS_KEYSTORE_PASSWORD is required with SANDBOX_TLS_KEYSTORE");
    }

    /** The service leaves the sandbox's variables alone, and refuses any other SANDBOX_ name: one list for both. */
    @Test
    void theSettingNamesListTheSandboxsVariables() {
        List<String> read = Arrays.stream(SandboxSettings.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("ENV_"))
                .map(field -> {
                    try {
                        return (String) field.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();

        assertThat(read).containsExactlyInAnyOrderElementsOf(SettingNames.SANDBOX_SETTINGS);
    }
}
