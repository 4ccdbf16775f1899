package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import io.github.cryptocloudwithdrawals.testsupport.SelfSignedCertificate;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CryptoCloud is reached over HTTPS. The packaged service trusts what the JVM's trust-store
 * settings say ({@code -Djavax.net.ssl.trustStore}, here through {@code JAVA_TOOL_OPTIONS}, as in
 * Docker), checks the certificate and the host name, and treats a failed TLS handshake as what it
 * is: nothing was sent, so the command is held, never failed, and paid once trust is fixed.
 */
@Timeout(180)
class HttpsIT {

    /** What camel-http sends besides the two headers the service sets. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("host", "content-length", "connection", "user-agent",
            "accept-encoding");

    @TempDir
    Path directory;

    private ProcessScenario httpsScenario(String name, SelfSignedCertificate certificate) {
        return new ProcessScenario(name, Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                300, settings -> settings.withTls(certificate.keyStore(), certificate.password()));
    }

    private static String trusting(SelfSignedCertificate certificate) {
        return "-Djavax.net.ssl.trustStore=" + certificate.trustStore()
                + " -Djavax.net.ssl.trustStorePassword=" + certificate.password();
    }

    @Test
    void payoutsGoThroughWithTheSameBodyAndHeadersWhenTheJvmTrustsTheCertificate() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(directory, "ip:127.0.0.1");
        try (ProcessScenario scenario = httpsScenario("https", certificate)) {
            assertThat(scenario.sandbox.baseUrl()).startsWith("https://127.0.0.1:");
            scenario.set("JAVA_TOOL_OPTIONS", trusting(certificate));
            scenario.startService();

            String id = scenario.publishNew("over-https");
            scenario.awaitResults(List.of(id), WAIT);

            Event event = scenario.eventsFor(id).get(0);
            assertThat(event.topic()).isEqualTo(scenario.succeededTopic());
            assertThat(event.body().get("invoice_id").textValue()).startsWith("INV-");
            RecordedRequest call = scenario.callsFor(id).get(0);
            assertThat(scenario.callsFor(id)).hasSize(1);
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.path()).isEqualTo("/v2/invoice/api/out/create");
            assertThat(call.body()).isEqualTo("{\"currency_code\":\"USDT_TRC20\",\"to_address\":\"" + TRON_ADDRESS
                    + "\",\"amount\":" + scenario.amountOf(id).toPlainString() + "}");
            assertThat(call.header("Authorization")).isEqualTo("Token " + scenario.apiKey);
            assertThat(call.header("Content-Type")).startsWith("application/json");
            assertThat(call.headers().keySet()).map(name -> name.toLowerCase(Locale.ROOT))
                    .allMatch(name -> name.equals("authorization") || name.equals("content-type")
                            || TRANSPORT_HEADERS.contains(name));
        }
    }

    @Test
    void anUntrustedCertificateOrHostNameHoldsTheCommandWithNothingSentUntilTrustIsFixed() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(directory, "ip:127.0.0.1");
        try (ProcessScenario scenario = httpsScenario("https-untrusted", certificate)) {
            // 1. the JVM's default trust store: the sandbox's certificate is signed by no one it knows
            ServiceProcess untrusting = scenario.startService();
            String id = scenario.publishNew("held");

            String reason = awaitNotReady(untrusting);
            assertThat(reason).contains("CryptoCloud could not be reached: SSLHandshakeException");
            assertThat(untrusting.management("/observe/health/live").statusCode()).isEqualTo(200);
            untrusting.awaitLog("held: CryptoCloud could not be reached", WAIT);
            assertThat(scenario.calls()).as("the handshake failed before the request was written").isEmpty();
            assertThat(scenario.events()).as("no result, and above all no failure").isEmpty();
            stop(untrusting);

            // 2. the certificate is trusted, but the service calls a name it was not issued for
            int port = scenario.sandbox.port();
            scenario.set("JAVA_TOOL_OPTIONS", trusting(certificate));
            scenario.set("CRYPTOCLOUD_BASE_URL", "https://localhost:" + port);
            ServiceProcess wrongName = scenario.startService();
            assertThat(awaitNotReady(wrongName)).contains("CryptoCloud could not be reached: SSL");
            wrongName.awaitLog("held: CryptoCloud could not be reached", WAIT);
            assertThat(scenario.calls()).as("a certificate for another name: nothing sent either").isEmpty();
            assertThat(scenario.events()).isEmpty();
            stop(wrongName);

            // 3. trusted, and the name it was issued for: paid, once
            scenario.set("CRYPTOCLOUD_BASE_URL", scenario.sandbox.baseUrl());
            ServiceProcess trusting = scenario.startService();
            scenario.awaitResults(List.of(id), WAIT);
            scenario.drain(WAIT);

            assertThat(scenario.eventsFor(id)).singleElement()
                    .satisfies(event -> assertThat(event.topic()).isEqualTo(scenario.succeededTopic()));
            assertThat(scenario.callsFor(id)).hasSize(1);
            assertThat(scenario.events()).noneMatch(event -> event.topic().equals(scenario.failedTopic()));
            assertThat(trusting.management("/observe/health/ready").statusCode()).isEqualTo(200);
        }
    }

    /** Waits for readiness DOWN and returns its answer, which names the reason. */
    private static String awaitNotReady(ServiceProcess service) {
        String[] body = {""};
        waitFor("readiness DOWN naming cryptocloud-api").atMost(WAIT).until(() -> {
            HttpResponse<String> ready = service.management("/observe/health/ready");
            body[0] = ready.body();
            return ready.statusCode() == 503 && ready.body().contains("cryptocloud-api");
        });
        return body[0];
    }

    /** SIGTERM: the held command stays queued for the next start. */
    private static void stop(ServiceProcess service) {
        service.terminate();
        assertThat(service.waitForExit(Duration.ofSeconds(40))).as("stopped").isTrue();
    }
}
