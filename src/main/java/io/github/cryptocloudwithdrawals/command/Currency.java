package io.github.cryptocloudwithdrawals.command;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The 40 currency codes of CryptoCloud's payout endpoint, with the network each one settles on
 * and the number of fraction digits the asset can carry (from the tokens' contracts): an amount
 * with more digits than that cannot be paid exactly, so it is refused before the API is called.
 */
public enum Currency {
    BTC(Network.BITCOIN, 8),
    LTC(Network.LITECOIN, 8),
    TRX(Network.TRON, 6),
    SOL(Network.SOLANA, 9),
    TON(Network.TON, 9),
    BNB(Network.BSC, 18),
    ETH(Network.ETHEREUM, 18),
    ETH_ARB(Network.ARBITRUM, 18),
    ETH_BASE(Network.BASE, 18),
    ETH_OPT(Network.OPTIMISM, 18),
    USDT_ARB(Network.ARBITRUM, 6),
    USDT_BSC(Network.BSC, 18),
    USDT_ERC20(Network.ETHEREUM, 6),
    USDT_OPT(Network.OPTIMISM, 6),
    USDT_SOL(Network.SOLANA, 6),
    USDT_TON(Network.TON, 6),
    USDT_TRC20(Network.TRON, 6),
    USDC_ARB(Network.ARBITRUM, 6),
    USDC_BASE(Network.BASE, 6),
    USDC_BSC(Network.BSC, 18),
    USDC_ERC20(Network.ETHEREUM, 6),
    USDC_OPT(Network.OPTIMISM, 6),
    USDC_SOL(Network.SOLANA, 6),
    DAI_ARB(Network.ARBITRUM, 18),
    DAI_BASE(Network.BASE, 18),
    DAI_BSC(Network.BSC, 18),
    DAI_ERC20(Network.ETHEREUM, 18),
    DAI_OPT(Network.OPTIMISM, 18),
    USDD_TRC20(Network.TRON, 18),
    PYUSD_ERC20(Network.ETHEREUM, 6),
    PYUSD_SOL(Network.SOLANA, 6),
    XAUT_ERC20(Network.ETHEREUM, 6),
    XAUT_TON(Network.TON, 6),
    ARB_ARB(Network.ARBITRUM, 18),
    OP_OPT(Network.OPTIMISM, 18),
    PEPE_BSC(Network.BSC, 18),
    PEPE_ERC20(Network.ETHEREUM, 18),
    SHIB_BSC(Network.BSC, 18),
    SHIB_ERC20(Network.ETHEREUM, 18),
    TRUMP_SOL(Network.SOLANA, 6);

    private static final Map<String, Currency> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Currency::code, Function.identity()));

    private final Network network;
    private final int fractionDigits;

    Currency(Network network, int fractionDigits) {
        this.network = network;
        this.fractionDigits = fractionDigits;
    }

    /** The code exactly as the API spells it; matching is case-sensitive on purpose. */
    public String code() {
        return name();
    }

    public Network network() {
        return network;
    }

    public int fractionDigits() {
        return fractionDigits;
    }

    public static Optional<Currency> byCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
