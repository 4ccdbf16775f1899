package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.digest.Sha256;
import io.github.cryptocloudwithdrawals.history.RequestState;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * What the ledger keeps in memory per request: 32 bytes in one primitive array, so a million
 * recorded requests take about 64 MB at most and no garbage. A request's key is known by a
 * 128-bit hash (two keys colliding is as likely as guessing a random 128-bit number); the full
 * result lives in the Kafka topic and is read back by offset when it is needed. Thread-safe: the
 * ledger's reader fills it while every account's submission stage and the intake look requests
 * up; each call holds the lock for one probe of the table, never for any I/O.
 *
 * <p>It also counts, per account, the requests whose latest record is {@link RequestState#DONE_UNKNOWN}:
 * the operators' backlog of unknown outcomes, known as soon as the ledger is loaded.
 */
final class LedgerIndex {

    /** Slot layout: key hash high, key hash low, command fingerprint, offset << 3 | state. */
    private static final int STRIDE = 4;

    private long[] slots;
    private int mask;
    private int size;
    /** By account label: requests whose latest record is {@link RequestState#DONE_UNKNOWN}. */
    private final Map<String, Integer> unresolvedUnknown = new HashMap<>();

    LedgerIndex(int expectedEntries) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedEntries * 2 - 1)) << 1;
        slots = new long[capacity * STRIDE];
        mask = capacity - 1;
    }

    /** The key's latest record, or {@code null} when it has none. */
    synchronized LedgerEntry get(String key) {
        long[] id = idHash(key);
        int slot = find(slots, mask, id[0], id[1]);
        if (isEmpty(slots, slot)) {
            return null;
        }
        long packed = slots[slot + 3];
        return new LedgerEntry(RequestState.values()[(int) (packed & 7)], slots[slot + 2], packed >>> 3);
    }

    /**
     * Keeps the record as the key's latest unless the entry already holds one at this offset or
     * later: records reach the index out of order (this instance's own writes at once, the
     * reader's copy of them later), and a request's history must never go back.
     *
     * @param account the account label the key belongs to, for the count of unknown outcomes
     */
    synchronized void put(String account, String key, long fingerprint, long offset, RequestState state) {
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            grow();
        }
        long[] id = idHash(key);
        int slot = find(slots, mask, id[0], id[1]);
        if (isEmpty(slots, slot)) {
            size++;
        } else if (slots[slot + 3] >>> 3 >= offset) {
            return;
        } else if (RequestState.values()[(int) (slots[slot + 3] & 7)] == RequestState.DONE_UNKNOWN) {
            unresolvedUnknown.merge(account, -1, Integer::sum);
        }
        if (state == RequestState.DONE_UNKNOWN) {
            unresolvedUnknown.merge(account, 1, Integer::sum);
        }
        write(slots, slot, id[0], id[1], fingerprint, offset << 3 | state.ordinal());
    }

    /** Requests of the account whose latest record is {@link RequestState#DONE_UNKNOWN}. */
    synchronized int unresolvedUnknown(String account) {
        return unresolvedUnknown.getOrDefault(account, 0);
    }

    synchronized int size() {
        return size;
    }

    synchronized long memoryBytes() {
        return slots.length * 8L;
    }

    private static long[] idHash(String key) {
        ByteBuffer hash = ByteBuffer.wrap(Sha256.of(key));
        long high = hash.getLong();
        long low = hash.getLong();
        // (0, 0) marks an empty slot
        return high == 0 && low == 0 ? new long[]{0, 1} : new long[]{high, low};
    }

    private static boolean isEmpty(long[] table, int slot) {
        return table[slot] == 0 && table[slot + 1] == 0;
    }

    /** The slot holding this id, or the empty slot where it belongs (linear probing). */
    private static int find(long[] table, int mask, long idHigh, long idLow) {
        int index = (int) (idLow ^ (idLow >>> 32)) & mask;
        while (true) {
            int slot = index * STRIDE;
            if (isEmpty(table, slot) || (table[slot] == idHigh && table[slot + 1] == idLow)) {
                return slot;
            }
            index = (index + 1) & mask;
        }
    }

    private void grow() {
        long[] old = slots;
        int newMask = (mask + 1) * 2 - 1;
        long[] bigger = new long[(newMask + 1) * STRIDE];
        for (int slot = 0; slot < old.length; slot += STRIDE) {
            if (!isEmpty(old, slot)) {
                int target = find(bigger, newMask, old[slot], old[slot + 1]);
                write(bigger, target, old[slot], old[slot + 1], old[slot + 2], old[slot + 3]);
            }
        }
        slots = bigger;
        mask = newMask;
    }

    private static void write(long[] table, int slot, long idHigh, long idLow, long fingerprint, long packed) {
        table[slot] = idHigh;
        table[slot + 1] = idLow;
        table[slot + 2] = fingerprint;
        table[slot + 3] = packed;
    }
}
