package io.github.cryptocloudwithdrawals.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link CryptoCloudSandbox#main} as its own process, the way the demo and docker-compose do. */
@Timeout(120)
class CryptoCloudSandboxMainTest {

    private static final String KEY = "standalone-secret-key";
    private static final String OTHER_KEY = "second-account-key";

    @Test
    void servesEveryListedKeyUntilSigtermAndNeverPrintsAKey() throws Exception {
        Process process = javaProcess("SANDBOX_API_KEY", KEY + ", " + OTHER_KEY, "SANDBOX_PORT", "0");
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = stdout.readLine();
            assertThat(line).doesNotContain(KEY).doesNotContain(OTHER_KEY)
                    .contains("2 API key(s), minimum interval 12000 ms per key");
            Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/v2/invoice/api/out/create)").matcher(line);
            assertThat(url.find()).as(line).isTrue();

            // Back to back, yet both served: each key has its own 12 s interval.
            assertThat(payout(url.group(1), KEY).statusCode()).isEqualTo(200);
            assertThat(payout(url.group(1), OTHER_KEY).statusCode()).isEqualTo(200);
            assertThat(process.isAlive()).isTrue();

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(128 + 15);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void missingKeyStopsWithOneLineNamingIt() throws Exception {
        Process process = javaProcess("SANDBOX_PORT", "0");
        try {
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                    .isEqualTo("cryptocloud-sandbox: SANDBOX_API_KEY is required");
        } finally {
            process.destroyForcibly();
        }
    }

    private static HttpResponse<String> payout(String url, String apiKey) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Token " + apiKey)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"currency_code\":\"TRX\",\"to_address\":\"T\",\"amount\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Process javaProcess(String... env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CryptoCloudSandbox.class.getName());
        builder.environment().remove("SANDBOX_API_KEY");
        for (int i = 0; i < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        return builder.start();
    }
}
