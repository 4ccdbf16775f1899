package io.github.cryptocloudwithdrawals.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The {@code Authorization} header values the sandbox accepts, one per configured API key. */
final class Authorizations {

    private final List<byte[]> expected;

    Authorizations(List<String> apiKeys) {
        this.expected = apiKeys.stream().map(key -> headerValue(key).getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** What a caller with this key sends. */
    static String headerValue(String apiKey) {
        return "Token " + apiKey;
    }

    int size() {
        return expected.size();
    }

    /**
     * The position of the key this header carries, -1 when none (or no header). Every key is
     * compared, each in constant time, so the time taken tells nothing of any key.
     */
    int indexOf(String authorization) {
        if (authorization == null) {
            return -1;
        }
        byte[] sent = authorization.getBytes(StandardCharsets.UTF_8);
        int found = -1;
        for (int i = 0; i < expected.size(); i++) {
            if (MessageDigest.isEqual(expected.get(i), sent)) {
                found = i;
            }
        }
        return found;
    }
}
