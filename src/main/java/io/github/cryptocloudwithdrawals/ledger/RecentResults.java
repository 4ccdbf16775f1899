package io.github.cryptocloudwithdrawals.ledger;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Final results recorded or read back lately, by their offset in the ledger: a duplicate of a
 * request finished lately is answered without reading the topic again. A record at an offset
 * never changes, so nothing kept here is ever stale. Bounded by the size of the records held,
 * least recently used first out.
 */
final class RecentResults {

    private record Held(RecordedResult result, int bytes) {
    }

    private final long maxBytes;
    private final LinkedHashMap<Long, Held> byOffset = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    RecentResults(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Optional<RecordedResult> at(long offset) {
        Held held = byOffset.get(offset);
        return held == null ? Optional.empty() : Optional.of(held.result());
    }

    /** @param recordBytes the size of the record's value, what holding it costs */
    synchronized void hold(long offset, RecordedResult result, int recordBytes) {
        Held previous = byOffset.put(offset, new Held(result, recordBytes));
        bytes += recordBytes - (previous == null ? 0 : previous.bytes());
        for (Iterator<Map.Entry<Long, Held>> eldest = byOffset.entrySet().iterator(); bytes > maxBytes && eldest.hasNext(); ) {
            bytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
    }
}
