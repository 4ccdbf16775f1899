package io.github.cryptocloudwithdrawals.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.account.KnownAccounts;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.json.JsonLimits;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.validation.address.AddressValidator;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a command against the rules of docs/commands-and-results.md ("Command") and reports the first field that breaks one.
 * Fields are checked in a fixed order, request_id first, so that a failure can be keyed by the
 * request whenever the request id itself is sound.
 */
public final class CommandValidator {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_METADATA_BYTES = 4 * 1024;

    private final AmountLimits limits;
    private final KnownAccounts accounts;

    /** Whether the text is a well-formed request id (SPEC §3): what else refers to a request checks it too. */
    public static boolean isRequestId(String text) {
        return REQUEST_ID.matcher(text).matches();
    }

    /**
     * @param limits   the operator's per-currency maximum amounts, checked after the amount's own rules
     * @param accounts the accounts a command may name; an unknown one fails validation
     */
    public CommandValidator(AmountLimits limits, KnownAccounts accounts) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /** The verdict on one command. */
    public sealed interface Verdict permits Valid, Invalid {
    }

    public record Valid(WithdrawalCommand command) implements Verdict {
    }

    /** @param requestId the command's request id when it was valid, else {@code null} */
    public record Invalid(String requestId, String field, String message) implements Verdict {
    }

    /**
     * Which request a command is, as far as it says, valid or not: enough to find it in the
     * request history of its account and tell whether it is the same withdrawal as recorded.
     *
     * @param account      the configured account it names, or {@code null} for the default account
     * @param currencyCode the {@code currency_code} text, or {@code null} when it is not text
     * @param toAddress    the {@code to_address} text, or {@code null} when it is not text
     * @param amount       the amount's exact value, or {@code null} when it has none
     */
    public record Identity(String requestId, String account, String currencyCode, String toAddress, BigDecimal amount) {

        public static Identity of(WithdrawalCommand command) {
            return new Identity(command.requestId(), command.account(), command.currency().code(), command.toAddress(),
                    command.amount());
        }

        /** Whether the command names a whole withdrawal (currency, address and amount), valid or not. */
        public boolean namesAWithdrawal() {
            return currencyCode != null && toAddress != null && amount != null;
        }
    }

    public Verdict validate(ObjectNode json) {
        JsonNode requestIdNode = json.get("request_id");
        if (requestIdNode == null || requestIdNode.isNull()) {
            return new Invalid(null, "request_id", "request_id is required");
        }
        if (!requestIdNode.isTextual() || !REQUEST_ID.matcher(requestIdNode.textValue()).matches()) {
            return new Invalid(null, "request_id",
                    "request_id must be a string of 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
        String requestId = requestIdNode.textValue();

        JsonNode accountNode = json.get("account");
        String account = null;
        if (accountNode != null && !accountNode.isNull()) {
            if (accounts.named().isEmpty()) {
                return new Invalid(requestId, "account",
                        "account must be left out: this service pays from a single CryptoCloud account");
            }
            if (!accountNode.isTextual() || !accounts.contains(accountNode.textValue())) {
                return new Invalid(requestId, "account", "account must name a configured CryptoCloud account ("
                        + String.join(", ", accounts.named()) + ")" + (accounts.hasDefault()
                        ? ", or be left out to use the default one" : ""));
            }
            account = accountNode.textValue();
        } else if (!accounts.hasDefault()) {
            return new Invalid(requestId, "account", "account is required: this service has no default CryptoCloud "
                    + "account, only " + String.join(", ", accounts.named()));
        }

        JsonNode currencyNode = json.get("currency_code");
        if (currencyNode == null || currencyNode.isNull()) {
            return new Invalid(requestId, "currency_code", "currency_code is required");
        }
        Optional<Currency> currency = currencyNode.isTextual()
                ? Currency.byCode(currencyNode.textValue()) : Optional.empty();
        if (currency.isEmpty()) {
            return new Invalid(requestId, "currency_code",
                    "currency_code must be one of the 40 codes CryptoCloud pays out in (e.g. USDT_TRC20, BTC, ETH)");
        }

        JsonNode addressNode = json.get("to_address");
        if (addressNode == null || addressNode.isNull()) {
            return new Invalid(requestId, "to_address", "to_address is required");
        }
        Optional<String> addressProblem = addressProblem(addressNode, currency.get());
        if (addressProblem.isPresent()) {
            return new Invalid(requestId, "to_address", addressProblem.get());
        }

        JsonNode amountNode = json.get("amount");
        if (amountNode == null || amountNode.isNull()) {
            return new Invalid(requestId, "amount", "amount is required");
        }
        Optional<BigDecimal> amount = AmountRules.exactValue(amountNode);
        if (amount.isEmpty()) {
            return new Invalid(requestId, "amount", AmountRules.unreadable(amountNode, currency.get()));
        }
        Optional<String> amountProblem = AmountRules.problem(amount.get(), currency.get())
                .or(() -> limits.problem(amount.get(), currency.get()));
        if (amountProblem.isPresent()) {
            return new Invalid(requestId, "amount", amountProblem.get());
        }

        JsonNode metadataNode = json.get("metadata");
        ObjectNode metadata = null;
        if (metadataNode != null && !metadataNode.isNull()) {
            if (!metadataNode.isObject()) {
                return new Invalid(requestId, "metadata", "metadata must be a JSON object");
            }
            // it is echoed on the success event as it is: every number in it must be writable as read
            Optional<String> outOfRange = JsonLimits.numberProblem(metadataNode, "metadata");
            if (outOfRange.isPresent()) {
                return new Invalid(requestId, "metadata", "metadata holds a number beyond the limits: " + outOfRange.get());
            }
            if (serializedSize(metadataNode) > MAX_METADATA_BYTES) {
                return new Invalid(requestId, "metadata",
                        "metadata must be at most " + MAX_METADATA_BYTES + " bytes when serialized");
            }
            metadata = (ObjectNode) metadataNode;
        }

        return new Valid(new WithdrawalCommand(requestId, account, currency.get(), addressNode.textValue(),
                amount.get(), metadata, json));
    }

    /**
     * The identity of a command whatever its validity: present when its request id is well formed
     * and it is paid from a configured account (its {@code account}, or the default one when it
     * names none), so that a request the ledger knows can be answered from it first.
     */
    public Optional<Identity> identify(ObjectNode json) {
        JsonNode requestId = json.get("request_id");
        if (requestId == null || !requestId.isTextual() || !REQUEST_ID.matcher(requestId.textValue()).matches()) {
            return Optional.empty();
        }
        JsonNode accountNode = json.get("account");
        String account = null;
        if (accountNode != null && !accountNode.isNull()) {
            if (!accountNode.isTextual() || !accounts.contains(accountNode.textValue())) {
                return Optional.empty();
            }
            account = accountNode.textValue();
        } else if (!accounts.hasDefault()) {
            return Optional.empty();
        }
        JsonNode amount = json.get("amount");
        return Optional.of(new Identity(requestId.textValue(), account, text(json.get("currency_code")),
                text(json.get("to_address")), amount == null ? null : AmountRules.exactValue(amount).orElse(null)));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static Optional<String> addressProblem(JsonNode addressNode, Currency currency) {
        if (!addressNode.isTextual()) {
            return Optional.of("to_address must be a string");
        }
        return AddressValidator.problem(currency.network(), addressNode.textValue())
                .map(problem -> "to_address is " + problem + " (" + currency.code() + " pays out on "
                        + currency.network().displayName() + ")");
    }

    private static int serializedSize(JsonNode node) {
        try {
            return JsonMapping.MAPPER.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }
}
