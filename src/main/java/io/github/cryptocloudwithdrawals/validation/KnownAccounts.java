package io.github.cryptocloudwithdrawals.validation;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The CryptoCloud accounts a command may name in its {@code account} field. A command without
 * the field is paid from the default account, which exists when the single key
 * ({@code CRYPTOCLOUD_API_KEY}) is configured.
 *
 * @param named      the configured account names
 * @param hasDefault whether commands without {@code account} can be paid
 */
public record KnownAccounts(SortedSet<String> named, boolean hasDefault) {

    /**
     * Lower case, digits and inner dashes: an account name becomes part of topic, consumer group
     * and environment variable names, so it must be safe in all of them and map to one variable.
     */
    public static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");

    /** The name that labels the default account in metrics, health checks and routes; no account may take it. */
    public static final String DEFAULT_LABEL = "default";

    public KnownAccounts {
        named = new TreeSet<>(named);
        if (named.isEmpty() && !hasDefault) {
            throw new IllegalArgumentException("no account at all: a default key or named accounts are needed");
        }
    }

    /** How an account is named in metrics, health checks, logs and transactional ids. */
    public static String label(String nameOrNullForDefault) {
        return nameOrNullForDefault == null ? DEFAULT_LABEL : nameOrNullForDefault;
    }

    /** Only the default account: the single-key set-up of SPEC §2. */
    public static KnownAccounts defaultOnly() {
        return new KnownAccounts(new TreeSet<>(), true);
    }

    public static KnownAccounts of(Set<String> named, boolean hasDefault) {
        return new KnownAccounts(new TreeSet<>(named), hasDefault);
    }

    boolean contains(String name) {
        return named.contains(name);
    }
}
