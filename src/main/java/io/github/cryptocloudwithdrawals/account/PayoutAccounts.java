package io.github.cryptocloudwithdrawals.account;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The accounts the service pays from, as configured; commands pick one by name (or none, for the default). */
public final class PayoutAccounts {

    private final List<PayoutAccount> accounts;

    /**
     * @throws IllegalArgumentException when two accounts have the same key: they would be one
     *         CryptoCloud account with two rate gates (calls too close together) and two request
     *         histories (one request id paid twice from one wallet)
     */
    public PayoutAccounts(List<PayoutAccount> accounts) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("at least one account is needed");
        }
        for (int i = 0; i < accounts.size(); i++) {
            for (int j = i + 1; j < accounts.size(); j++) {
                ApiCredentials one = accounts.get(i).credentials();
                ApiCredentials other = accounts.get(j).credentials();
                if (one.sameKeyAs(other)) {
                    throw new IllegalArgumentException(one.source() + " and " + other.source() + " hold the same API key: "
                            + "one key is one CryptoCloud account, with one rate limit and one request history; list it once");
                }
            }
        }
        this.accounts = List.copyOf(accounts);
    }

    public List<PayoutAccount> all() {
        return accounts;
    }

    /**
     * The account of this name ({@code null}: the default account), which validation made sure
     * exists.
     */
    public PayoutAccount named(String name) {
        return accounts.stream().filter(a -> Objects.equals(a.name(), name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no account " + name + " (validation lets none through)"));
    }

    /** What validation needs to know: the names, and whether a command may leave the account out. */
    public KnownAccounts known() {
        return KnownAccounts.of(accounts.stream().map(PayoutAccount::name).filter(Objects::nonNull)
                .collect(Collectors.toSet()), accounts.stream().anyMatch(a -> a.name() == null));
    }
}
