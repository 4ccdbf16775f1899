package io.github.cryptocloudwithdrawals.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.Currency;
import java.util.List;

/**
 * The sandbox's stand-in for CryptoCloud's payout endpoint: authorization (any configured key),
 * required fields, currency, amount, rate limit (the caller's key's), then the answer the amount
 * chooses ({@link AnswerByAmount}) or success, in that order. Addresses are not checked (the real
 * API's rules are not documented); the amount {@code 400.6}, or {@link SandboxAnswer#rejectNetwork()},
 * gives the API's answer to a wrong one.
 */
final class EmulatedApi implements SandboxAnswer.Responder {

    private static final List<String> REQUIRED_FIELDS = List.of("currency_code", "to_address", "amount");

    /** The API's own text, whatever interval the sandbox enforces. */
    static final String RATE_LIMIT_MESSAGE = "Too many requests. Minimum interval between requests — 12 seconds.";

    private final Authorizations authorizations;
    private final SuccessShape successShape;
    private final AnswerByAmount.Answered answeredOnce = new AnswerByAmount.Answered();

    EmulatedApi(SandboxSettings settings) {
        this.authorizations = new Authorizations(settings.apiKeys());
        this.successShape = settings.successShape();
    }

    @Override
    public Reply replyTo(IncomingCall call) {
        if (authorizations.indexOf(call.request().header("Authorization")) < 0) {
            return Reply.json(401, PayoutJson.error("authorization", "Unauthorized request."));
        }
        ObjectNode body = PayoutJson.parseObject(call.request().body());
        if (body == null) {
            return badRequest("required_parameter",
                    "The body must be a JSON object with currency_code, to_address and amount.");
        }
        for (String field : REQUIRED_FIELDS) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
                return badRequest("required_parameter", "The field " + field + " is required.");
            }
        }
        JsonNode currency = body.get("currency_code");
        if (!currency.isTextual() || Currency.byCode(currency.textValue()).isEmpty()) {
            return badRequest("currency_code", "Unsupported currency code.");
        }
        JsonNode amount = body.get("amount");
        if (!amount.isNumber() || amount.decimalValue().signum() <= 0) {
            return badRequest("uncorrected_amount", "The amount must be a positive number.");
        }
        if (call.tooSoon()) {
            return badRequest("rate_limit", RATE_LIMIT_MESSAGE);
        }
        AnswerByAmount chosen = AnswerByAmount.of(amount.decimalValue()).orElse(null);
        if (chosen != null && (!chosen.firstCallOnly() || answeredOnce.firstTime(body))) {
            return chosen.replyTo(body);
        }
        return Reply.json(200, PayoutJson.success(successShape, body));
    }

    private static Reply badRequest(String key, String message) {
        return Reply.json(400, PayoutJson.error(key, message));
    }
}
