package io.github.cryptocloudwithdrawals.benchmark;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import java.util.List;
import java.util.Locale;

/**
 * How long each call took from the service's rate gate to the stub: the stub's wall-clock arrival
 * minus the call's planned start as the service recorded it in the ledger ({@code call_started_ms}
 * of the {@code in_flight} record, written just before the gate releases the call at that time).
 * A gap at the stub is interval + margin + (hold-up of this call − hold-up of the previous one),
 * so this tells which call a short gap came from. Millisecond precision (the ledger's).
 *
 * @param firstMs        the first call's hold-up (a freshly started service: its HTTP path is cold)
 * @param laterMaxMs     the largest hold-up of any later call
 * @param shortestGap    1-based index of the shortest gap (between call shortestGap-1 and shortestGap, 0-based)
 * @param beforeMs       hold-up of the call before the shortest gap
 * @param afterMs        hold-up of the call after it
 */
record Holdups(double firstMs, double laterMaxMs, int shortestGap, double beforeMs, double afterMs) {

    /** Null when the ledger does not hold one planned start per call (e.g. retried calls). */
    static Holdups of(List<RecordedRequest> calls, List<Long> plannedStartMillis) {
        if (calls.size() < 2 || calls.size() != plannedStartMillis.size()) {
            return null;
        }
        double[] holdup = new double[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            java.time.Instant arrived = calls.get(i).arrivedAt();
            holdup[i] = arrived.getEpochSecond() * 1000.0 + arrived.getNano() / 1e6 - plannedStartMillis.get(i);
        }
        double laterMax = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < holdup.length; i++) {
            laterMax = Math.max(laterMax, holdup[i]);
        }
        int shortest = 1;
        for (int i = 1; i < calls.size(); i++) {
            if (calls.get(i).arrivalNanos() - calls.get(i - 1).arrivalNanos()
                    < calls.get(shortest).arrivalNanos() - calls.get(shortest - 1).arrivalNanos()) {
                shortest = i;
            }
        }
        return new Holdups(holdup[0], laterMax, shortest, holdup[shortest - 1], holdup[shortest]);
    }

    String describe() {
        return String.format(Locale.ROOT, "gate → stub hold-up: first call %.0f ms, later calls at most %.0f ms; the shortest "
                + "gap (#%d) lies between a call held up %.0f ms and one held up %.0f ms", firstMs, laterMaxMs, shortestGap,
                beforeMs, afterMs);
    }
}
