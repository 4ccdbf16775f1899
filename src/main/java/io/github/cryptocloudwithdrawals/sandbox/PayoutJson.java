package io.github.cryptocloudwithdrawals.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.command.Network;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** The JSON the payout endpoint reads and writes, shaped like CryptoCloud's documented bodies. */
final class PayoutJson {

    /**
     * Amounts are money: read floats as BigDecimal, keep their trailing zeros, and write them in
     * plain notation, so an amount is echoed with exactly the value (and usually the text) sent.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter CREATED_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final Set<String> STABLECOINS = Set.of("USDT", "USDC", "DAI", "USDD", "PYUSD");
    private static final String CDN = "https://cdn.cryptocloud.plus/img/";

    /**
     * The sample success result of the API page, minus the fields filled in per call. Its exact
     * values do not matter; its shape (nested objects, arrays, nulls) is what clients must survive.
     */
    private static final String LONG_RESULT_TEMPLATE = """
            {
              "uuid": null, "created": null, "address": null, "currency": null,
              "date_finished": null, "expiry_date": null,
              "side_commission": "client", "side_commission_cc": "merchant", "type_payments": "crypto",
              "status": "created", "invoice_status": "start", "is_email_required": false,
              "project": {"id": 1, "name": "Sandbox", "fail": "https://example.com/failed-payment",
                          "success": "https://example.com/successful-payment", "logo": ""},
              "tx_list": [], "step": 1, "test_mode": false, "type": "dw", "user_email": "",
              "pay_url": "None", "phone": "", "order_id": "None",
              "amount_in_crypto": null, "amount_in_fiat": 0,
              "amount": null, "amount_usd": 0.0, "amount_to_pay": null, "amount_to_pay_usd": 0.0,
              "amount_paid": 0.0, "amount_paid_usd": 0.0, "fee": 0.0, "fee_usd": 0.0,
              "service_fee": 0.0, "service_fee_usd": 0.0, "received": 0, "received_usd": 0,
              "to_surcharge": null, "to_surcharge_usd": 0.0, "total_rub": 0,
              "currency_list": [],
              "aml_enabled": false, "aml_side": "merchant", "aml_cost": 0.0, "aml_cost_usd": 0.0,
              "aml_checks": [], "links": [], "quiz_result": false,
              "quiz_detail": {"invoice": null, "rating": null, "comment": null, "created": null},
              "memo": ""
            }""";

    private PayoutJson() {
    }

    /** The request body as a JSON object, or null when it is not one. */
    static ObjectNode parseObject(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The API's error body: {@code {"status":"error","result":{"<key>":"<message>"}}}. */
    static String error(String key, String message) {
        ObjectNode root = MAPPER.createObjectNode().put("status", "error");
        root.putObject("result").put(key, message);
        return write(root);
    }

    /** A success body echoing the request's fields; {@code request} may be null or lack any of them. */
    static String success(SuccessShape shape, ObjectNode parsedRequest) {
        ObjectNode request = parsedRequest != null ? parsedRequest : MAPPER.createObjectNode();
        String currencyCode = request.path("currency_code").textValue();
        JsonNode amount = request.get("amount");
        ObjectNode result = shape == SuccessShape.LONG
                ? longResult(currencyCode, request.path("to_address").textValue(), amount)
                : shortResult(currencyCode, amount);
        ObjectNode root = MAPPER.createObjectNode().put("status", "success");
        root.set(shape == SuccessShape.DATA ? "data" : "result", result);
        return write(root);
    }

    /** The web framework's error body: {@code {"detail":"<message>"}}. */
    static String detail(String message) {
        return write(MAPPER.createObjectNode().put("detail", message));
    }

    private static ObjectNode shortResult(String currencyCode, JsonNode amount) {
        ObjectNode result = MAPPER.createObjectNode()
                .put("invoice_id", newInvoiceId())
                .put("status", "created")
                .put("currency", currencyCode);
        result.set("amount", amount);
        return result;
    }

    private static ObjectNode longResult(String currencyCode, String address, JsonNode amount) {
        ObjectNode result = (ObjectNode) parseObject(LONG_RESULT_TEMPLATE);
        result.put("uuid", newInvoiceId());
        result.put("created", ZonedDateTime.now(ZoneOffset.UTC).format(CREATED_FORMAT));
        result.put("address", address);
        result.set("amount", amount);
        result.set("amount_to_pay", amount);
        result.set("to_surcharge", amount);
        Currency known = currencyCode == null ? null : Currency.byCode(currencyCode).orElse(null);
        if (known != null) {
            ObjectNode currency = currencyObject(known);
            result.set("currency", currency);
            ((ArrayNode) result.get("currency_list")).add(currencyListEntry(currency));
        } else if (currencyCode != null) {
            // Only a scripted success answers an unknown code; it gets the code and nothing invented.
            result.putObject("currency").put("code", currencyCode).put("fullcode", currencyCode);
        }
        return result;
    }

    /** The nested currency object of the long result. */
    private static ObjectNode currencyObject(Currency currency) {
        String fullCode = currency.code();
        String asset = fullCode.split("_")[0];
        Network network = currency.network();
        String networkCode = networkCode(network);
        ObjectNode object = MAPPER.createObjectNode()
                .put("id", currency.ordinal() + 1)
                .put("code", asset)
                .put("fullcode", fullCode);
        object.putObject("network")
                .put("code", networkCode)
                .put("id", network.ordinal() + 1)
                .put("icon", CDN + "network/" + networkCode + ".svg")
                .put("fullname", network.displayName());
        return object.put("name", asset)
                .put("is_email_required", false)
                .put("stablecoin", STABLECOINS.contains(asset))
                .put("icon_base", CDN + "currency/" + asset + ".svg")
                .put("icon_network", CDN + "currency_network/" + fullCode + ".svg")
                .put("icon_qr", CDN + "stroke/" + asset + "_STROKE.svg")
                .put("order", currency.ordinal() + 1);
    }

    /** The page lists currencies without id and network icon, and with a list of networks. */
    private static ObjectNode currencyListEntry(ObjectNode currency) {
        ObjectNode entry = currency.deepCopy();
        entry.remove("id");
        entry.remove("icon_network");
        entry.putArray("network").add(currency.get("network"));
        return entry;
    }

    /** The network codes CryptoCloud uses as currency-code suffixes (USDT_TRC20, USDC_BSC, …). */
    private static String networkCode(Network network) {
        return switch (network) {
            case BITCOIN -> "BTC";
            case LITECOIN -> "LTC";
            case TRON -> "TRC20";
            case ETHEREUM -> "ERC20";
            case BSC -> "BSC";
            case ARBITRUM -> "ARB";
            case BASE -> "BASE";
            case OPTIMISM -> "OPT";
            case SOLANA -> "SOL";
            case TON -> "TON";
        };
    }

    /** {@code INV-} and 8 random uppercase letters or digits, like the API's invoice ids. */
    private static String newInvoiceId() {
        StringBuilder id = new StringBuilder("INV-");
        for (int i = 0; i < 8; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }
}
