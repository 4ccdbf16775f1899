package io.github.cryptocloudwithdrawals.testsupport;

/**
 * Sample data the tests, the benchmarks and the demo share: a valid mainnet address of each
 * network family they pay to, and commands built from them as a user's backend publishes them.
 */
public final class Samples {

    /** USDT's TRC-20 contract: a TRON address whose Base58Check checksum holds. */
    public static final String TRON_ADDRESS = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    /** A bech32 (segwit v0) Bitcoin address. */
    public static final String BITCOIN_ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    /** USDT's ERC-20 contract, in mixed case: its EIP-55 checksum holds. */
    public static final String ETHEREUM_ADDRESS = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
    /** USDT's mint on Solana: 32 bytes in Base58. */
    public static final String SOLANA_ADDRESS = "Es9vMFrAKCERmgmFzH6CQtvUw8RFN2z3RM4fXzD8uiYu";

    private Samples() {
    }

    /**
     * A withdrawal command.
     *
     * @param amountJson the amount as it stands in the JSON: a number ({@code 10.5}) or a string ({@code "\"10.50\""})
     */
    public static String command(String requestId, String currency, String address, String amountJson) {
        return "{\"request_id\":\"" + requestId + "\",\"currency_code\":\"" + currency + "\",\"to_address\":\""
                + address + "\",\"amount\":" + amountJson + "}";
    }

    /** A USDT (TRC-20) payout to {@link #TRON_ADDRESS}, the amount a decimal string. */
    public static String tronPayout(String requestId, String amount) {
        return command(requestId, "USDT_TRC20", TRON_ADDRESS, "\"" + amount + "\"");
    }
}
