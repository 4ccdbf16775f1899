package io.github.cryptocloudwithdrawals.sandbox;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cryptocloudwithdrawals.testsupport.CapturedLogs;
import io.github.cryptocloudwithdrawals.testsupport.Manual;
import io.github.cryptocloudwithdrawals.testsupport.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each answer form on demand (by amount, or by setting), and HTTPS as the real API is reached. */
class SandboxAnswerFormsTest {

    private static final String KEY = "forms-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CryptoCloudSandbox sandbox = CryptoCloudSandbox.start(SandboxSettings.forApiKey(KEY));

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(AnswerByAmount.class)
    void theAmountChoosesTheAnswerOnceOrAlwaysAsTheTableSays(AnswerByAmount form) throws Exception {
        String amount = form.amount().toPlainString();
        HttpResponse<String> first = post(http, sandbox, amount);
        HttpResponse<String> second = post(http, sandbox, amount);

        assertThat(first.statusCode()).as("the integer part is the status").isEqualTo(form.amount().intValue());
        if (first.headers().firstValue("Content-Type").orElseThrow().equals("application/json")) {
            assertThat(JSON.readTree(first.body()).isObject()).isTrue();
        } else {
            assertThat(first.body()).as("a web server's or a proxy's page, not JSON").doesNotStartWith("{");
        }
        if (form.firstCallOnly()) {
            assertThat(second.statusCode()).as("the same request again succeeds").isEqualTo(200);
            assertThat(JSON.readTree(second.body()).path("status").asText()).isEqualTo("success");
        } else {
            assertThat(second.statusCode()).as("answered so every time").isEqualTo(first.statusCode());
        }
        assertThat(post(http, sandbox, "1.5").statusCode()).as("other amounts are paid").isEqualTo(200);
    }

    @Test
    void theRefusedKeyFormsAreTheApisOwnBodies() throws Exception {
        assertThat(post(http, sandbox, "400.1").body())
                .isEqualTo("{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}");
        assertThat(post(http, sandbox, "400.2").body()).isEqualTo("{\"detail\":\"Signature verification failed\"}");
        assertThat(post(http, sandbox, "400.30").body()).isEqualTo("{\"detail\":\"Invalid header padding\"}");
        assertThat(JSON.readTree(post(http, sandbox, "400.6").body()).at("/result/network").asText())
                .isEqualTo("Invalid address for network");
    }

    @Test
    void aSuccessUnderDataByAmountOrBySetting() throws Exception {
        JsonNode byAmount = JSON.readTree(post(http, sandbox, "200.1").body());
        assertThat(byAmount.has("result")).isFalse();
        assertThat(byAmount.path("data").path("invoice_id").asText()).matches("INV-[A-Z0-9]{8}");
        assertThat(byAmount.path("data").path("status").asText()).isEqualTo("created");
        assertThat(byAmount.path("data").path("currency").asText()).isEqualTo("USDT_TRC20");
        assertThat(byAmount.path("data").path("amount").decimalValue()).isEqualByComparingTo("200.1");

        sandbox.close();
        sandbox = CryptoCloudSandbox.start(SandboxSettings.fromEnvironment(Map.of("SANDBOX_API_KEY", KEY,
                "SANDBOX_PORT", "0", "SANDBOX_MIN_INTERVAL_MS", "0", "SANDBOX_SUCCESS_SHAPE", "data")));
        JsonNode bySetting = JSON.readTree(post(http, sandbox, "5").body());
        assertThat(bySetting.path("data").path("invoice_id").asText()).matches("INV-[A-Z0-9]{8}");
    }

    @Test
    void overHttpsATrustingClientIsServedAndAnUntrustingOneSendsNothing(@TempDir Path directory) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(directory, "ip:127.0.0.1");
        sandbox.close();
        sandbox = CryptoCloudSandbox.start(SandboxSettings.forApiKey(KEY)
                .withTls(certificate.keyStore(), certificate.password()));
        assertThat(sandbox.baseUrl()).isEqualTo("https://127.0.0.1:" + sandbox.port());

        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> post(untrusting, sandbox, "1.5")).isInstanceOf(SSLHandshakeException.class);
        assertThat(sandbox.requests()).as("the request never got past the handshake").isEmpty();

        HttpClient trusting = HttpClient.newBuilder().sslContext(certificate.trustingClientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> paid = post(trusting, sandbox, "1.5");
        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(sandbox.requests()).singleElement()
                .satisfies(request -> assertThat(request.header("Authorization")).isEqualTo("Token " + KEY));
    }

    private static HttpResponse<String> post(HttpClient client, CryptoCloudSandbox target, String amount)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + CryptoCloudSandbox.PAYOUT_PATH))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Token " + KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"currency_code\":\"USDT_TRC20\",\"to_address\":\""
                                + TRON_ADDRESS + "\",\"amount\":" + amount + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A trial sees what the sandbox received and how it answered: one line per call, never the key. */
    @Test
    void eachCallAnsweredIsOneLogLineWithAmountCurrencyAndFormButNoKey() throws Exception {
        try (CapturedLogs logs = CapturedLogs.install()) {
            post(http, sandbox, "10.5031");
            post(http, sandbox, "404.1");
            post(http, sandbox, "413.1");
            post(http, sandbox, "400.6");

            // other test classes' sandboxes may log beside this one
            List<String> lines = logs.lines().stream().filter(line -> line.contains("cryptocloud-sandbox")).toList();
            assertThat(lines).anySatisfy(line -> assertThat(line)
                    .contains("POST " + CryptoCloudSandbox.PAYOUT_PATH + " 10.5031 USDT_TRC20 -> HTTP 200 success INV-"));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("404.1 USDT_TRC20 -> HTTP 404 detail Not found."));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("413.1 USDT_TRC20 -> HTTP 413 text/html"));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("400.6 USDT_TRC20 -> HTTP 400 error network"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(KEY));
        }
    }

    @Test
    void theManualShowsEveryAmountWithItsAnswer() {
        List<String> page = Manual.lines(Manual.page("trying-it.md"));
        for (AnswerByAmount form : AnswerByAmount.values()) {
            String row = "| `" + form.amount().toPlainString() + "` | " + form.answer()
                    + (form.firstCallOnly() ? ", first call only |" : " |");
            assertThat(page).as("the manual's row of " + form).anyMatch(line -> line.startsWith(row));
        }
    }
}
