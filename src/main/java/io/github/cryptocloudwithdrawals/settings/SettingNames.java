package io.github.cryptocloudwithdrawals.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The environment variables of the service's own families ({@code CRYPTOCLOUD_},
 * {@code WITHDRAWAL_}, {@code MANAGEMENT_}, {@code SANDBOX_}): a name there that is no setting
 * stops start-up, naming the closest setting, because a misspelt name leaves the default in
 * force, and for {@code CRYPTOCLOUD_BASE_URL} the default is the real API. A {@code KAFKA_} name
 * that is no setting may be another program's in the same container: it is only warned about.
 * The variables Kubernetes sets for every Service in the namespace ({@code <NAME>_SERVICE_HOST},
 * {@code <NAME>_SERVICE_PORT…}, {@code <NAME>_PORT…}) are not settings, whatever their prefix.
 */
public final class SettingNames {

    static final List<String> OWN_FAMILIES = List.of("CRYPTOCLOUD_", "WITHDRAWAL_", "MANAGEMENT_", "SANDBOX_");
    static final String KAFKA_FAMILY = "KAFKA_";

    /**
     * The sandbox's settings, read by its own main ({@code sandbox.SandboxSettings}, whose test
     * checks that the two lists agree): a trial may start the sandbox and the service from one shell.
     */
    public static final List<String> SANDBOX_SETTINGS = List.of("SANDBOX_API_KEY", "SANDBOX_HOST", "SANDBOX_PORT",
            "SANDBOX_MIN_INTERVAL_MS", "SANDBOX_SUCCESS_SHAPE", "SANDBOX_TLS_KEYSTORE", "SANDBOX_TLS_KEYSTORE_PASSWORD");

    private static final Pattern SERVICE_LINK = Pattern.compile(
            "[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)");

    /** What the names say: refusals stop start-up, warnings are logged once. */
    public record Findings(List<String> refusals, List<String> warnings) {
    }

    /** An account's key settings; those of the accounts listed in CRYPTOCLOUD_ACCOUNTS are among the settings. */
    private static final Pattern ACCOUNT_KEY = Pattern.compile("CRYPTOCLOUD_ACCOUNT_[A-Z0-9]+(_[A-Z0-9]+)*_API_KEY(_FILE)?");

    private final Set<String> settings;
    private final List<String> refusedFamilies;
    private final List<String> warnedFamilies;

    private SettingNames(Set<String> settings, List<String> refusedFamilies, List<String> warnedFamilies) {
        this.settings = Set.copyOf(settings);
        this.refusedFamilies = refusedFamilies;
        this.warnedFamilies = warnedFamilies;
    }

    /** The service's: its settings' variables, and the sandbox's (one shell may hold both). */
    public static SettingNames ofTheService(Set<String> settings) {
        Set<String> known = new HashSet<>(settings);
        known.addAll(SANDBOX_SETTINGS);
        return new SettingNames(known, OWN_FAMILIES, List.of(KAFKA_FAMILY));
    }

    /** The sandbox's: only the {@code SANDBOX_} family is its business. */
    public static SettingNames ofTheSandbox() {
        return new SettingNames(Set.copyOf(SANDBOX_SETTINGS), List.of("SANDBOX_"), List.of());
    }

    public Findings check(Collection<String> environmentNames) {
        List<String> refusals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        environmentNames.stream().sorted().filter(name -> !settings.contains(name))
                .filter(name -> !SERVICE_LINK.matcher(name).matches()).forEach(name -> {
                    if (refusedFamilies.stream().anyMatch(name::startsWith)) {
                        if (ACCOUNT_KEY.matcher(name).matches()) {
                            // an account left out of the list for a while keeps its key: nothing falls back to a default
                            warnings.add(name + " is set, but its account is not listed in CRYPTOCLOUD_ACCOUNTS: the key "
                                    + "is not used");
                        } else {
                            refusals.add(name + " is not a setting; the closest is " + closest(name)
                                    + " (a misspelt name would leave that setting's default in force)");
                        }
                    } else if (warnedFamilies.stream().anyMatch(name::startsWith)) {
                        warnings.add(name + " is not a setting and is ignored (the closest is " + closest(name)
                                + "); Kafka client settings are CAMEL_COMPONENT_KAFKA_<SETTING> variables");
                    }
                });
        return new Findings(refusals, warnings);
    }

    private String closest(String name) {
        return settings.stream().min(Comparator.comparingInt((String setting) -> distance(name, setting))
                .thenComparing(Comparator.naturalOrder())).orElseThrow();
    }

    /** Levenshtein distance: the fewest single-character edits from one name to the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
