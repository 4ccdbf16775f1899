package io.github.cryptocloudwithdrawals.sandbox;

import org.junit.jupiter.api.Test;

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
}
