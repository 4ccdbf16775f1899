package io.github.cryptocloudwithdrawals.cryptocloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import io.github.cryptocloudwithdrawals.testsupport.Manual;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The answer table row by row: each row's examples are recognised by that row (not an earlier
 * one) and read as its outcome. A row added without examples fails {@link #everyRowHasExamples()}.
 */
class AnswerFormTest {

    private static final String AUTHORIZATION = "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}";
    private static final String RATE_LIMIT =
            "{\"status\":\"error\",\"result\":{\"rate_limit\":\"Too many requests. Minimum interval between requests — 12 seconds.\"}}";
    private static final String SUCCESS_UNDER_DATA = "{\"status\":\"success\",\"data\":{\"invoice_id\":\"INV-89UX09KA\","
            + "\"status\":\"created\",\"currency\":\"TRX\",\"amount\":5.1}}";
    private static final String SUCCESS_CLAIM = "{\"status\":\"success\",\"result\":{\"invoice_id\":\"INV-1\"}}";

    /** One answer: an HTTP status and body, or a failure without an answer. */
    private record Example(Integer status, String body, Exception failure) {

        ReceivedAnswer received() {
            return status == null ? ReceivedAnswer.noAnswer(failure) : ReceivedAnswer.response(status, body);
        }

        ApiAnswer read() {
            return status == null ? ApiAnswers.fromSendFailure(failure) : ApiAnswers.fromResponse(status, body);
        }

        @Override
        public String toString() {
            return status == null ? "no answer: " + failure : "HTTP " + status + " " + body;
        }
    }

    private static final Map<AnswerForm, List<Example>> EXAMPLES = new EnumMap<>(AnswerForm.class);

    static {
        examples(AnswerForm.AUTHORIZATION_ERROR, answer(400, AUTHORIZATION), answer(401, AUTHORIZATION),
                answer(200, AUTHORIZATION), answer(500, AUTHORIZATION),
                answer(400, "{\"status\":\"error\",\"data\":{\"authorization\":\"Unauthorized request.\"}}"),
                answer(400, "{\"status\":\"error\",\"result\":{\"authorization\":\"x\",\"network\":\"y\"}}"));
        examples(AnswerForm.TOKEN_ERROR, answer(400, "{\"detail\":\"Signature verification failed\"}"),
                answer(400, "{\"detail\":\"Invalid header padding\"}"), answer(401, "{\"detail\":\"Invalid header padding\"}"),
                answer(200, "{\"detail\":\"Signature has expired.\"}"), answer(500, "{\"detail\":\" invalid TOKEN.\"}"),
                answer(400, "{\"detail\":\"Invalid header string: 'utf-8' codec can't decode byte 0xc7\"}"));
        examples(AnswerForm.RATE_LIMIT_ERROR, answer(400, RATE_LIMIT), answer(200, RATE_LIMIT), answer(500, RATE_LIMIT),
                answer(403, RATE_LIMIT), answer(429, RATE_LIMIT));
        examples(AnswerForm.KEY_REFUSED, answer(401, ""), answer(403, "{\"detail\":\"Forbidden\"}"),
                answer(401, "<html>Unauthorized</html>"), answer(403, "{\"status\":\"error\",\"result\":{\"network\":\"x\"}}"),
                answer(403, "{\"detail\":\"You do not have permission to perform this action.\"}"));
        examples(AnswerForm.TOO_MANY_REQUESTS, answer(429, ""),
                answer(429, "{\"detail\":\"Request was throttled. Expected available in 11 seconds.\"}"));
        examples(AnswerForm.SUCCESS, answer(200, SUCCESS_UNDER_DATA), answer(200, SUCCESS_CLAIM), answer(201, SUCCESS_CLAIM),
                answer(200, "{\"status\":\"success\",\"result\":{\"uuid\":\"INV-2Q2SICZN\",\"invoice_id\":null}}"),
                answer(200, "{\"status\":\"success\",\"result\":{\"invoice_id\":\"INV-1\",\"amount\":1e999999999}}"),
                answer(200, SUCCESS_CLAIM + "\n"));
        examples(AnswerForm.DOCUMENTED_ERROR, AnswerForm.DOCUMENTED_ERRORS.stream()
                .map(key -> answer(400, "{\"status\":\"error\",\"result\":{\"" + key + "\":\"refused\"}}"))
                .toArray(Example[]::new));
        examples(AnswerForm.DOCUMENTED_ERROR, answer(200, "{\"status\":\"error\",\"result\":{\"validate_error\":\"bad\"}}"),
                answer(400, "{\"status\":\"error\",\"data\":{\"network\":\"Invalid address for network\"}}"));
        examples(AnswerForm.OTHER_ERROR, answer(400, "{\"status\":\"error\",\"result\":{\"balance\":\"Not enough funds\"}}"),
                answer(200, "{\"status\":\"error\",\"data\":{\"balance\":\"Not enough funds\"}}"),
                answer(404, "{\"status\":\"error\",\"result\":{\"invoice\":\"Not found\"}}"));
        examples(AnswerForm.NOT_THE_ENDPOINT, answer(404, "<html>Not Found</html>"), answer(404, "{\"detail\":\"Not found.\"}"),
                answer(404, ""), answer(405, "{\"detail\":\"Method \\\"POST\\\" not allowed.\"}"),
                answer(407, "<html><title>407 Proxy Authentication Required</title></html>"), answer(408, ""),
                answer(413, "<html><title>413 Request Entity Too Large</title></html>"),
                answer(415, "{\"detail\":\"Unsupported media type\"}"), answer(421, "Misdirected Request"),
                answer(426, "{\"status\":\"error\"}"), answer(431, "<html></html>"), answer(400, ""), answer(400, "   "),
                answer(400, "<html><title>400 Bad Request</title></html>"), answer(422, "Unprocessable"),
                answer(400, "{\"detail\":\"x\"}<html>"), answer(418, "I'm a teapot"));
        examples(AnswerForm.CLIENT_ERROR, answer(400, "{\"detail\":\"JSON parse error - Expecting value\"}"),
                answer(409, "{\"status\":\"pending\"}"), answer(400, "{\"detail\":\"Not found.\"}"),
                answer(400, "{\"status\":\"error\"}"), answer(422, "{\"status\":\"error\",\"result\":\"text\"}"),
                answer(400, "\"Bad request\""), answer(400, "[".repeat(150) + "]".repeat(150)),
                answer(400, "{\"detail\":1e99999999999}"));
        examples(AnswerForm.NO_PROOF, answer(500, "oops"), answer(502, ""), answer(200, "<html>maintenance</html>"),
                answer(200, "{\"status\":\"success\",\"result\":{}}"), answer(200, "{\"status\":\"success\",\"result\":{\"uuid\":\" \"}}"),
                answer(200, "{\"result\":{\"invoice_id\":\"INV-1\"}}"), answer(302, ""), answer(100, ""),
                answer(409, SUCCESS_CLAIM), answer(401, SUCCESS_CLAIM), answer(429, SUCCESS_CLAIM),
                answer(503, "{\"status\":\"error\",\"result\":{\"network\":\"x\"}}"), answer(200, SUCCESS_CLAIM + "<html>"),
                answer(200, "{\"status\":\"success\",\"status\":\"success\",\"result\":{\"invoice_id\":\"INV-1\"}}"),
                answer(200, "{\"status\":\"success\",\"detail\":\"Signature verification failed\"}"),
                answer(200, "[".repeat(150) + "]".repeat(150)), answer(200, "{\"status\":\"error\"}"),
                answer(404, SUCCESS_CLAIM), answer(413, SUCCESS_CLAIM + "<html>"));
        examples(AnswerForm.NOT_SENT, noAnswer(new ConnectException("Connection refused")),
                noAnswer(new HttpHostConnectException("Connect to https://api.cryptocloud.plus failed")),
                noAnswer(new ConnectTimeoutException("slow connect")), noAnswer(new UnknownHostException("nowhere")),
                noAnswer(new NoRouteToHostException("no route")),
                noAnswer(new SSLHandshakeException("PKIX path building failed")),
                noAnswer(new SSLPeerUnverifiedException("Certificate for <localhost> doesn't match")));
        examples(AnswerForm.NO_ANSWER, noAnswer(new SocketTimeoutException("Read timed out")),
                noAnswer(new NoHttpResponseException("dropped")), noAnswer(new IOException("Connection reset")),
                noAnswer(new SSLException("Tag mismatch")));
    }

    private static Example answer(int status, String body) {
        return new Example(status, body, null);
    }

    private static Example noAnswer(Exception failure) {
        return new Example(null, null, failure);
    }

    private static void examples(AnswerForm form, Example... examples) {
        EXAMPLES.computeIfAbsent(form, row -> new ArrayList<>()).addAll(List.of(examples));
    }

    static Stream<Arguments> rowsAndExamples() {
        return EXAMPLES.entrySet().stream()
                .flatMap(row -> row.getValue().stream().map(example -> Arguments.of(row.getKey(), example)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rowsAndExamples")
    void eachExampleIsRecognisedByItsRowAndReadAsItsOutcome(AnswerForm row, Example example) {
        assertThat(AnswerForm.of(example.received())).isEqualTo(row);
        assertThat(example.read().name()).isEqualTo(row.outcome().wireName());
    }

    @Test
    void everyRowHasExamples() {
        assertThat(EXAMPLES.keySet()).containsExactly(AnswerForm.values());
    }

    @Test
    void theManualShowsThisTableRowForRow() {
        List<String> rows = Manual.lines(Manual.page("cryptocloud-api.md")).stream()
                .dropWhile(line -> !line.equals("## CryptoCloud's answers"))
                .dropWhile(line -> !line.startsWith("| # |"))
                .skip(2)
                .takeWhile(line -> line.startsWith("|"))
                .toList();

        List<String> expected = new ArrayList<>();
        for (AnswerForm form : AnswerForm.values()) {
            expected.add("| " + (form.ordinal() + 1) + " | " + form.answer() + " | " + form.recognisedBy() + " | `"
                    + form.outcome().wireName() + "` |");
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void theManualListsEveryTokenError() {
        String page = Manual.text(Manual.page("cryptocloud-api.md")).replaceAll("\\s+", " ");
        assertThat(AnswerForm.TOKEN_ERRORS).allSatisfy(text -> assertThat(page).contains("`" + text + "`"));
    }
}
