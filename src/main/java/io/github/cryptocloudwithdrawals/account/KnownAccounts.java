package io.github.cryptocloudwithdrawals.account;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The CryptoCloud accounts a command may name in its {@code account} field. A command without
 * the field is paid from the default account, which exists when the single key
 * ({@code CRYPTOCLOUD_API_KEY}) is configured.
 *
 * @param named      the configured account names
 * @param hasDefault whether commands without {@code account} can be paid
 */
public record KnownAccounts(SortedSet<String> named, boolean hasDefault) {

    public KnownAccounts {
        named = new TreeSet<>(named);
        if (named.isEmpty() && !hasDefault) {
            throw new IllegalArgumentException("no account at all: a default key or named accounts are needed");
        }
    }

    public static KnownAccounts of(Set<String> named, boolean hasDefault) {
        return new KnownAccounts(new TreeSet<>(named), hasDefault);
    }

    public boolean contains(String name) {
        return named.contains(name);
    }
}
