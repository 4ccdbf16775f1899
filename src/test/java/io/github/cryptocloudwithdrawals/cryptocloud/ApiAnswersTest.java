package io.github.cryptocloudwithdrawals.cryptocloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

class ApiAnswersTest {

    @Test
    void aSuccessWithUuidIsCreatedAndKeepsTheWholeResult() {
        var answer = ApiAnswers.fromResponse(200, "{\"status\":\"success\",\"result\":{\"uuid\":\"INV-2Q2SICZN\","
                + "\"status\":\"created\",\"currency\":{\"code\":\"USDT\"},\"date_finished\":null,\"amount\":10.0}}");
        assertThat(answer).isInstanceOf(ApiAnswer.Created.class);
        var created = (ApiAnswer.Created) answer;
        assertThat(created.invoiceId()).isEqualTo("INV-2Q2SICZN");
        assertThat(created.status()).isEqualTo("created");
        assertThat(created.result().has("date_finished")).isTrue();
        assertThat(created.result().get("amount").decimalValue()).isEqualByComparingTo("10.0");
    }

    @Test
    void aSuccessWithInvoiceIdIsPreferredOverUuid() {
        var created = (ApiAnswer.Created) ApiAnswers.fromResponse(200, "{\"status\":\"success\",\"result\":"
                + "{\"invoice_id\":\"INV-89UX09KA\",\"uuid\":\"INV-OTHER\",\"status\":\"created\",\"currency\":\"ETH\",\"amount\":0.0029}}");
        assertThat(created.invoiceId()).isEqualTo("INV-89UX09KA");
    }

    @Test
    void documentedErrorKeysAreRejections() {
        var rejected = (ApiAnswer.Rejected) ApiAnswers.fromResponse(400,
                "{\"status\":\"error\",\"result\":{\"network\":\"Invalid address for network\"}}");
        assertThat(rejected.httpStatus()).isEqualTo(400);
        assertThat(rejected.message()).isEqualTo("CryptoCloud rejected the withdrawal (HTTP 400): network: Invalid address for network");
        assertThat(rejected.body().path("result").path("network").asText()).isEqualTo("Invalid address for network");

        var errorIn200 = ApiAnswers.fromResponse(200, "{\"status\":\"error\",\"result\":{\"validate_error\":\"bad\"}}");
        assertThat(errorIn200).isInstanceOf(ApiAnswer.Rejected.class);

        var notJson = (ApiAnswer.Rejected) ApiAnswers.fromResponse(404, "<html>Not Found</html>");
        assertThat(notJson.body().isTextual()).isTrue();
        assertThat(notJson.body().textValue()).isEqualTo("<html>Not Found</html>");
    }

    @Test
    void rateLimitAnswersAreRetriedNotRejected() {
        assertThat(ApiAnswers.fromResponse(400, "{\"status\":\"error\",\"result\":{\"rate_limit\":\"Too many requests\"}}"))
                .isInstanceOf(ApiAnswer.RateLimited.class);
        assertThat(ApiAnswers.fromResponse(429, "")).isInstanceOf(ApiAnswer.RateLimited.class);
    }

    @Test
    void aRefusedKeyIsAFaultNotACommandFailure() {
        assertThat(ApiAnswers.fromResponse(401, "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}"))
                .isInstanceOf(ApiAnswer.NotExecuted.class);
        assertThat(ApiAnswers.fromResponse(403, "{\"detail\":\"Forbidden\"}")).isInstanceOf(ApiAnswer.NotExecuted.class);
    }

    @Test
    void answersThatDoNotProveTheOutcomeAreUnknown() {
        assertThat(ApiAnswers.fromResponse(500, "oops")).isInstanceOf(ApiAnswer.Unknown.class);
        assertThat(ApiAnswers.fromResponse(502, "")).isInstanceOf(ApiAnswer.Unknown.class);
        assertThat(ApiAnswers.fromResponse(200, "<html>maintenance</html>")).isInstanceOf(ApiAnswer.Unknown.class);
        assertThat(ApiAnswers.fromResponse(200, "{\"status\":\"success\",\"result\":{}}")).isInstanceOf(ApiAnswer.Unknown.class);
        assertThat(ApiAnswers.fromResponse(302, "")).isInstanceOf(ApiAnswer.Unknown.class);
    }

    @Test
    void onlyFailuresBeforeSendingProveNothingWasSent() {
        assertThat(ApiAnswers.fromSendFailure(new ConnectException("refused"))).isInstanceOf(ApiAnswer.NotExecuted.class);
        assertThat(ApiAnswers.fromSendFailure(new ConnectTimeoutException("slow connect"))).isInstanceOf(ApiAnswer.NotExecuted.class);
        assertThat(ApiAnswers.fromSendFailure(new UnknownHostException("nowhere"))).isInstanceOf(ApiAnswer.NotExecuted.class);
        assertThat(ApiAnswers.fromSendFailure(new SocketTimeoutException("Read timed out"))).isInstanceOf(ApiAnswer.Unknown.class);
        assertThat(ApiAnswers.fromSendFailure(new NoHttpResponseException("dropped"))).isInstanceOf(ApiAnswer.Unknown.class);
        assertThat(ApiAnswers.fromSendFailure(new IOException("Connection reset"))).isInstanceOf(ApiAnswer.Unknown.class);
    }
}
