package io.github.cryptocloudwithdrawals.settings;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Utils;

/**
 * What a setting's text must look like, one rule per kind of value. Each rule returns the value
 * as the service uses it, or throws an {@link InvalidSettingException} whose message names the
 * environment variable and says what is allowed. A message repeats the value given, except where
 * it might hold a password.
 */
public final class SettingRules {

    /** The payout endpoint, below the API's base URL. */
    static final String PAYOUT_PATH = "/v2/invoice/api/out/create";

    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private SettingRules() {
    }

    /** A whole number within bounds; a setting in milliseconds names its upper bound in words too. */
    static long wholeNumber(String variable, String value, long min, long max, boolean millis) {
        try {
            long number = Long.parseLong(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the allowed range
        }
        throw new InvalidSettingException(variable + " must be a whole number from " + min + " to " + max
                + (millis ? " (" + duration(max) + ")" : "") + ", but is '" + value + "'");
    }

    /** A duration in milliseconds in words, as an operator reads an upper bound: "one day", "30 minutes". */
    static String duration(long millis) {
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] units = {"day", "hour", "minute", "second", "millisecond"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis >= sizes[i] && millis % sizes[i] == 0) {
                long count = millis / sizes[i];
                return count == 1 ? "one " + units[i] : count + " " + units[i] + "s";
            }
        }
        return millis + " milliseconds";
    }

    /**
     * The URL the payout calls go to: the base URL (http or https, a host, optionally a port and
     * a path prefix for a proxy) with the API's path appended. No credentials (the API key is the
     * only one, and a URL is printed in logs), no query and no fragment (the path is appended).
     */
    static String payoutUrl(String variable, String baseUrl) {
        String value = baseUrl.strip();
        if (value.contains("@")) {
            throw new InvalidSettingException(variable + " must not hold a user name or password: the API key ("
                    + "CRYPTOCLOUD_API_KEY) is the only credential");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getPort() > 65535) {
            throw new InvalidSettingException(variable + " must be an http or https URL such as "
                    + "https://api.cryptocloud.plus, but is '" + baseUrl + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidSettingException(variable + " must have no query and no fragment (the service appends "
                    + "the payout path), but is '" + baseUrl + "'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path + PAYOUT_PATH;
    }

    /** Kafka's bootstrap list: host:port entries, comma-separated (Kafka's own parser reads each). */
    static String bootstrapServers(String variable, String value) {
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(",")) {
            String server = entry.strip();
            if (server.isEmpty()) {
                continue;
            }
            Integer port = Utils.getPort(server);
            if (Utils.getHost(server) == null || port == null || port < 1 || port > 65535) {
                entries.clear();
                break;
            }
            entries.add(server);
        }
        if (entries.isEmpty()) {
            throw new InvalidSettingException(variable + " must list brokers as host:port, comma-separated, but is '"
                    + value + "'");
        }
        return String.join(",", entries);
    }

    /** A topic name Kafka accepts. */
    static String topic(String variable, String name) {
        if (!Topic.isValid(name)) {
            throw new InvalidSettingException(variable + " is not a Kafka topic name: '" + name + "' (Kafka allows 1 to "
                    + "249 ASCII letters, digits, '.', '_' and '-', but not '.' or '..')");
        }
        return name;
    }

    /** A URI, absolute or relative, as CloudEvents requires of ce_source. */
    static String uri(String variable, String value, String purpose) {
        try {
            new URI(value);
            return value;
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(variable + " must be a URI (" + purpose + "), but is '" + value + "'");
        }
    }

    /**
     * An address to listen on: an IP address (0.0.0.0 for every interface) or a host name that
     * resolves. Whether it belongs to this machine shows when the server binds to it.
     */
    static String bindAddress(String variable, String value) {
        String address = value.strip();
        boolean wellFormed = DOTTED_NUMBERS.matcher(address).matches() ? isIpv4(address)
                : address.contains(":") || HOST_NAME.matcher(address).matches();
        if (wellFormed) {
            try {
                InetAddress.getByName(address);
                return address;
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        throw new InvalidSettingException(variable + " must be an IP address of this machine (0.0.0.0: all of them)"
                + " or its host name, but is '" + value + "'");
    }

    private static boolean isIpv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
