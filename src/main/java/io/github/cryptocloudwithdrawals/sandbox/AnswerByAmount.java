package io.github.cryptocloudwithdrawals.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The sandbox's answers chosen by the amount of a payout: each of CryptoCloud's answer forms on
 * demand, to try without an account. The integer part is the HTTP status answered. The emulated
 * API checks the key, the fields and the rate first, and answers these in place of its success.
 *
 * <p>A form marked "first call" answers so once per request (currency, address and amount), then
 * succeeds: as a refused key is fixed or a rate limit passes, a caller that holds and calls again
 * is paid.
 */
enum AnswerByAmount {

    SUCCESS_UNDER_DATA("200.1", "HTTP 200, success with the object under `data` (the older page's form)", false,
            request -> Reply.json(200, PayoutJson.success(SuccessShape.DATA, request))),
    RATE_LIMIT_IN_200("200.2", "HTTP 200 `{\"status\":\"error\",\"result\":{\"rate_limit\":\"Too many requests. …\"}}`", true,
            request -> Reply.json(200, PayoutJson.error("rate_limit", EmulatedApi.RATE_LIMIT_MESSAGE))),
    AUTHORIZATION_ENVELOPE("400.1", "HTTP 400 `{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}`", true,
            request -> Reply.json(400, PayoutJson.error("authorization", "Unauthorized request."))),
    SIGNATURE_DETAIL("400.2", "HTTP 400 `{\"detail\":\"Signature verification failed\"}`", true,
            request -> Reply.json(400, PayoutJson.detail("Signature verification failed"))),
    PADDING_DETAIL("400.3", "HTTP 400 `{\"detail\":\"Invalid header padding\"}`", true,
            request -> Reply.json(400, PayoutJson.detail("Invalid header padding"))),
    REQUIRED_PARAMETER("400.4", "HTTP 400, error `required_parameter`", false,
            request -> Reply.json(400, PayoutJson.error("required_parameter", "A required parameter is missing."))),
    CURRENCY_CODE("400.5", "HTTP 400, error `currency_code`", false,
            request -> Reply.json(400, PayoutJson.error("currency_code", "Unsupported currency code."))),
    NETWORK("400.6", "HTTP 400, error `network`", false,
            request -> Reply.json(400, PayoutJson.error("network", "Invalid address for network"))),
    UNCORRECTED_AMOUNT("400.7", "HTTP 400, error `uncorrected_amount`", false,
            request -> Reply.json(400, PayoutJson.error("uncorrected_amount", "The amount is below the minimum."))),
    VALIDATE_ERROR("400.8", "HTTP 400, error `validate_error`", false,
            request -> Reply.json(400, PayoutJson.error("validate_error", "Validation failed."))),
    PROXY_BAD_REQUEST("400.9", "HTTP 400, a proxy's HTML page", true,
            request -> html(400, "400 Bad Request")),
    FORBIDDEN("403.1", "HTTP 403 `{\"detail\":\"You do not have permission to perform this action.\"}`", true,
            request -> Reply.json(403, PayoutJson.detail("You do not have permission to perform this action."))),
    NOT_FOUND("404.1", "HTTP 404 `{\"detail\":\"Not found.\"}` (a wrong path)", true,
            request -> Reply.json(404, PayoutJson.detail("Not found."))),
    METHOD_NOT_ALLOWED("405.1", "HTTP 405 `{\"detail\":\"Method \\\"POST\\\" not allowed.\"}`", true,
            request -> Reply.json(405, PayoutJson.detail("Method \"POST\" not allowed."))),
    PROXY_AUTHENTICATION("407.1", "HTTP 407, a proxy's HTML page", true,
            request -> html(407, "407 Proxy Authentication Required")),
    REQUEST_TIMEOUT("408.1", "HTTP 408, an HTML page", true,
            request -> html(408, "408 Request Time-out")),
    TOO_LARGE("413.1", "HTTP 413, an HTML page", true,
            request -> html(413, "413 Request Entity Too Large")),
    UNSUPPORTED_MEDIA_TYPE("415.1", "HTTP 415 `{\"detail\":\"Unsupported media type …\"}`", true,
            request -> Reply.json(415, PayoutJson.detail("Unsupported media type \"text/plain\" in request."))),
    MISDIRECTED("421.1", "HTTP 421, plain text", true,
            request -> Reply.page(421, "text/plain", "Misdirected Request")),
    UPGRADE_REQUIRED("426.1", "HTTP 426, plain text", true,
            request -> Reply.page(426, "text/plain", "Upgrade Required")),
    HEADERS_TOO_LARGE("431.1", "HTTP 431, an HTML page", true,
            request -> html(431, "431 Request Header Fields Too Large")),
    RATE_LIMIT_IN_500("500.1", "HTTP 500 with the `rate_limit` error", true,
            request -> Reply.json(500, PayoutJson.error("rate_limit", EmulatedApi.RATE_LIMIT_MESSAGE))),
    SERVER_ERROR("500.2", "HTTP 500 `{\"detail\":\"Internal Server Error\"}`", false,
            request -> Reply.json(500, PayoutJson.detail("Internal Server Error")));

    private final BigDecimal amount;
    private final String answer;
    private final boolean firstCallOnly;
    private final Function<ObjectNode, Reply> reply;

    AnswerByAmount(String amount, String answer, boolean firstCallOnly, Function<ObjectNode, Reply> reply) {
        this.amount = new BigDecimal(amount);
        this.answer = answer;
        this.firstCallOnly = firstCallOnly;
        this.reply = reply;
    }

    /** A web server's or a proxy's error page, as nginx writes one. */
    private static Reply html(int status, String title) {
        return Reply.page(status, "text/html", "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>"
                + title + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    }

    /** The form chosen by this amount (compared by value: {@code 400.10} is {@code 400.1}), if any. */
    static Optional<AnswerByAmount> of(BigDecimal amount) {
        return Arrays.stream(values()).filter(form -> form.amount.compareTo(amount) == 0).findFirst();
    }

    BigDecimal amount() {
        return amount;
    }

    /** What the sandbox answers, in Markdown, as the manual's table shows it (docs/trying-it.md). */
    String answer() {
        return answer;
    }

    boolean firstCallOnly() {
        return firstCallOnly;
    }

    Reply replyTo(ObjectNode request) {
        return reply.apply(request);
    }

    /** Which requests a "first call" form has answered already; bounded, so a long run cannot fill the heap. */
    static final class Answered {

        private static final int CAPACITY = 10_000;

        private final Set<String> requests = ConcurrentHashMap.newKeySet();

        /** True the first time this request (its currency, address and amount) is seen. */
        boolean firstTime(ObjectNode request) {
            if (requests.size() >= CAPACITY) {
                requests.clear();
            }
            return requests.add(request.path("currency_code").asText() + "|" + request.path("to_address").asText()
                    + "|" + request.get("amount").decimalValue().stripTrailingZeros().toPlainString());
        }
    }
}
