package io.github.cryptocloudwithdrawals.cryptocloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.json.JsonMapping;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What an answer carries once read; which outcome each answer has is {@link AnswerFormTest}'s. */
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
    void aSuccessUnderDataKeepsItsObjectAsReceived() throws Exception {
        var created = (ApiAnswer.Created) ApiAnswers.fromResponse(200, "{\"status\":\"success\",\"data\":{\"invoice_id\":"
                + "\"INV-89UX09KA\",\"status\":\"created\",\"currency\":\"TRX\",\"amount\":5.1,\"note\":null}}");
        assertThat(created.invoiceId()).isEqualTo("INV-89UX09KA");
        assertThat(created.status()).isEqualTo("created");
        assertThat(JsonMapping.MAPPER.writeValueAsString(created.result()))
                .isEqualTo("{\"invoice_id\":\"INV-89UX09KA\",\"status\":\"created\",\"currency\":\"TRX\",\"amount\":5.1,\"note\":null}");
    }

    @Test
    void aRejectionCarriesTheApiErrorAndSaysWhy() {
        var rejected = (ApiAnswer.Rejected) ApiAnswers.fromResponse(400,
                "{\"status\":\"error\",\"result\":{\"network\":\"Invalid address for network\"}}");
        assertThat(rejected.httpStatus()).isEqualTo(400);
        assertThat(rejected.message()).isEqualTo("CryptoCloud rejected the withdrawal (HTTP 400): network: Invalid address for network");
        assertThat(rejected.body().path("result").path("network").asText()).isEqualTo("Invalid address for network");

        var notJson = (ApiAnswer.Rejected) ApiAnswers.fromResponse(404, "<html>Not Found</html>");
        assertThat(notJson.body().isTextual()).isTrue();
        assertThat(notJson.body().textValue()).isEqualTo("<html>Not Found</html>");
        assertThat(notJson.message()).isEqualTo("CryptoCloud rejected the withdrawal (HTTP 404)");
    }

    @Test
    void aRefusedKeySaysWhatTheApiAnswered() {
        var envelope = (ApiAnswer.NotExecuted) ApiAnswers.fromResponse(400,
                "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}");
        assertThat(envelope.httpStatus()).isEqualTo(400);
        assertThat(envelope.reason()).isEqualTo("CryptoCloud refused the API key (HTTP 400): authorization: Unauthorized request.");

        var detail = (ApiAnswer.NotExecuted) ApiAnswers.fromResponse(403, "{\"detail\":\"Invalid header padding\"}");
        assertThat(detail.reason()).isEqualTo("CryptoCloud refused the API key (HTTP 403): detail: Invalid header padding");

        var bare = (ApiAnswer.NotExecuted) ApiAnswers.fromResponse(401, "");
        assertThat(bare.reason()).isEqualTo("CryptoCloud refused the API key (HTTP 401)");
    }

    @Test
    void anUnreachableApiSaysWhy() {
        var untrusted = (ApiAnswer.NotExecuted) ApiAnswers.fromSendFailure(new SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path to requested target"));
        assertThat(untrusted.httpStatus()).isNull();
        assertThat(untrusted.reason()).isEqualTo("CryptoCloud could not be reached: SSLHandshakeException: "
                + "PKIX path building failed: unable to find valid certification path to requested target");
    }

    @Test
    void theApiTextInAReasonIsCut() {
        var refused = (ApiAnswer.NotExecuted) ApiAnswers.fromResponse(401, "{\"detail\":\"" + "x".repeat(2000) + "\"}");
        assertThat(refused.reason()).hasSizeLessThan(600).endsWith("…");
    }
}
