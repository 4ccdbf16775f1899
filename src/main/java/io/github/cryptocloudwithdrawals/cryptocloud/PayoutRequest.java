package io.github.cryptocloudwithdrawals.cryptocloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.json.JsonMapping;

/** What the payout endpoint ({@code POST /v2/invoice/api/out/create}) is sent for a command. */
public final class PayoutRequest {

    private PayoutRequest() {
    }

    /**
     * The request body: exactly the three documented fields, the amount as a JSON number of the
     * command's exact value in plain notation (no float rounding, no exponent).
     */
    public static String body(WithdrawalCommand command) {
        ObjectNode body = JsonMapping.MAPPER.createObjectNode();
        body.put("currency_code", command.currency().code());
        body.put("to_address", command.toAddress());
        body.put("amount", command.amount().stripTrailingZeros());
        try {
            return JsonMapping.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a payout request body could not be serialized", e);
        }
    }
}
