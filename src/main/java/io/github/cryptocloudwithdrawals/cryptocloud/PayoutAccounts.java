package io.github.cryptocloudwithdrawals.cryptocloud;

import io.github.cryptocloudwithdrawals.validation.KnownAccounts;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The accounts the service pays from, as configured; commands pick one by name (or none, for the default). */
public final class PayoutAccounts {

    private final List<PayoutAccount> accounts;

    public PayoutAccounts(List<PayoutAccount> accounts) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("at least one account is needed");
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
