package io.github.cryptocloudwithdrawals.sandbox;

import java.util.List;
import java.util.stream.Stream;

/**
 * CryptoCloud limits each API key on its own: a {@link MinimumInterval} per configured key. A call
 * with an unknown or missing key is answered 401 and never disturbs any key's interval.
 */
final class MinimumIntervalPerKey {

    private final Authorizations authorizations;
    private final List<MinimumInterval> intervals;

    MinimumIntervalPerKey(List<String> apiKeys, long intervalMillis) {
        this.authorizations = new Authorizations(apiKeys);
        this.intervals = Stream.generate(() -> new MinimumInterval(intervalMillis))
                .limit(authorizations.size())
                .toList();
    }

    /** Notes the arrival for the key the header carries and tells whether it came too soon for that key. */
    boolean arrive(String authorization, long arrivalNanos) {
        int key = authorizations.indexOf(authorization);
        return key >= 0 && intervals.get(key).arrive(arrivalNanos);
    }
}
