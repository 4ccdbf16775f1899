package io.github.cryptocloudwithdrawals.command;

/**
 * The blockchain networks CryptoCloud pays out on. Several networks share one address format
 * (every EVM chain uses the same 0x form), which is what {@link #family} captures.
 */
public enum Network {
    BITCOIN("Bitcoin", AddressFamily.BITCOIN),
    LITECOIN("Litecoin", AddressFamily.LITECOIN),
    TRON("TRON", AddressFamily.TRON),
    ETHEREUM("Ethereum", AddressFamily.EVM),
    BSC("BNB Smart Chain", AddressFamily.EVM),
    ARBITRUM("Arbitrum", AddressFamily.EVM),
    BASE("Base", AddressFamily.EVM),
    OPTIMISM("Optimism", AddressFamily.EVM),
    SOLANA("Solana", AddressFamily.SOLANA),
    TON("TON", AddressFamily.TON);

    /** Address encodings; networks of one family accept each other's addresses by construction. */
    public enum AddressFamily { BITCOIN, LITECOIN, TRON, EVM, SOLANA, TON }

    private final String displayName;
    private final AddressFamily family;

    Network(String displayName, AddressFamily family) {
        this.displayName = displayName;
        this.family = family;
    }

    public String displayName() {
        return displayName;
    }

    public AddressFamily family() {
        return family;
    }
}
