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

        var notJson = (ApiAnswer.Rejected) ApiAnswers.fromResponse(400, "{\"detail\":\"JSON parse error\"}");
        assertThat(notJson.body().path("detail").textValue()).isEqualTo("JSON parse error");
        assertThat(notJson.message()).isEqualTo("CryptoCloud rejected the withdrawal (HTTP 400): detail: JSON parse error");
    }

    @Test
    void anAnswerFromSomewhereElseSaysItDidNotComeFromThePayoutEndpointAndWhatItSaid() {
        var page = (ApiAnswer.NotExecuted) ApiAnswers.fromResponse(413, "<html>\r\n<head><title>413 Request Entity Too "
                + "Large</title></head>\r\n<body>nginx</body>\r\n</html>");
        assertThat(page.httpStatus()).isEqualTo(413);
        assertThat(page.keyRefused()).isFalse();
        assertThat(page.reason()).isEqualTo("the answer HTTP 413 did not come from CryptoCloud's payout endpoint (a wrong "
                + "CRYPTOCLOUD_BASE_URL, or a proxy's or a web server's page); nothing was executed: body: <html> <head>"
                + "<title>413 Request Entity Too Large</title></head> <body>nginx</body> </html>");

        var wrongPath = (ApiAnswer.NotExecuted) ApiAnswers.fromResponse(404, "{\"detail\":\"Not found.\"}");
        assertThat(wrongPath.reason()).endsWith("nothing was executed: detail: Not found.");
        assertThat(((ApiAnswer.NotExecuted) ApiAnswers.fromResponse(408, "")).reason()).endsWith("nothing was executed");
    }

    @Test
    void aRefusedKeySaysWhatTheApiAnswered() {
        var envelope = (ApiAnswer.NotExecuted) ApiAnswers.fromResponse(400,
                "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}");
        assertThat(envelope.httpStatus()).isEqualTo(400);
        assertThat(envelope.reason()).isEqualTo("CryptoCloud refused the API key (HTTP 400): authorization: Unauthorized request.");
        assertThat(envelope.keyRefused()).as("a key kept in a file is read again").isTrue();

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
        assertThat(untrusted.keyRefused()).isFalse();
        assertThat(untrusted.reason()).isEqualTo("CryptoCloud could not be reached: SSLHandshakeException: "
                + "PKIX path building failed: unable to find valid certification path to requested target");
    }

    @Test
    void theApiTextInAReasonIsCut() {
        var refused = (ApiAnswer.NotExecuted) ApiAnswers.fromResponse(401, "{\"detail\":\"" + "x".repeat(2000) + "\"}");
        assertThat(refused.reason()).hasSizeLessThan(600).endsWith("…");
    }
}
