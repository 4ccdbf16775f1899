package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.tronPayout;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's first finding, as a new user met it: {@code CRYPTOCLOUD_BASE_URL} one path off
 * ({@code …/api}), so every call is answered 404 by a server that is not the payout endpoint.
 * Nothing was executed and the command is not at fault: it is held (readiness DOWN naming the
 * status and the URL), and once the URL is fixed and the service restarted, the same request_id
 * is paid, once.
 */
class WrongPayoutPathTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("cryptocloud.base-url", wrongBaseUrl());
    }

    private String wrongBaseUrl() {
        return sandbox().baseUrl() + "/api";
    }

    @Test
    void aCommandSentToAWrongPathIsHeldAndPaidOnceTheUrlIsFixed() {
        String id = requestId("wrong-path");
        publish(id, tronPayout(id, "10.50"));

        awaitReadiness(503);
        assertThat(readinessReasons()).singleElement().satisfies(reason -> assertThat(reason).contains("HTTP 404")
                .contains("detail: Not found.").endsWith("(POST " + wrongBaseUrl() + CryptoCloudSandbox.PAYOUT_PATH + ")"));
        waitFor("the held command sent again after the backoff").atMost(WAIT)
                .until(() -> callsTo("/api" + CryptoCloudSandbox.PAYOUT_PATH).size() >= 2);
        assertThat(results().forRequest(id)).as("no failure event: the request_id stays usable").isEmpty();

        restartWith(Map.of("cryptocloud.base-url", sandbox().baseUrl()));
        Event event = results().awaitRequests(WAIT, id).get(id);

        assertThat(event.topic()).isEqualTo(succeededTopic());
        assertThat(results().forRequest(id)).hasSize(1);
        assertThat(callsTo(CryptoCloudSandbox.PAYOUT_PATH)).as("calls that reached the payout endpoint").hasSize(1);
        awaitReadiness(200);
    }

    private List<RecordedRequest> callsTo(String path) {
        return sandbox().requests().stream().filter(call -> call.path().equals(path)).toList();
    }
}
