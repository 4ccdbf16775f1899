package io.github.cryptocloudwithdrawals.ledger;

/**
 * What the ledger keeps in memory per request: 32 bytes in one primitive array, so a million
 * recorded requests take about 64 MB at most and no garbage. A request id is known by a 128-bit
 * hash (two ids colliding is as likely as guessing a random 128-bit number); the full result
 * lives in the Kafka topic and is read back by offset when it is needed.
 */
final class LedgerIndex {

    /** Slot layout: id hash high, id hash low, command fingerprint, offset << 3 | state. */
    private static final int STRIDE = 4;

    private long[] slots;
    private int mask;
    private int size;

    LedgerIndex(int expectedEntries) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedEntries * 2 - 1)) << 1;
        slots = new long[capacity * STRIDE];
        mask = capacity - 1;
    }

    LedgerEntry get(long idHigh, long idLow) {
        int slot = find(slots, mask, idHigh, idLow);
        if (slots[slot] == 0 && slots[slot + 1] == 0) {
            return null;
        }
        long packed = slots[slot + 3];
        return new LedgerEntry(LedgerState.values()[(int) (packed & 7)], slots[slot + 2], packed >>> 3);
    }

    /**
     * Keeps the record as the request's latest unless the entry already holds one at this offset
     * or later: records reach the index out of order (this instance's own writes at once, a
     * catch-up read of the topic later, and it may re-read older ones), and a request's history
     * must never go back.
     */
    void put(long idHigh, long idLow, long fingerprint, long offset, LedgerState state) {
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            grow();
        }
        int slot = find(slots, mask, idHigh, idLow);
        if (slots[slot] == 0 && slots[slot + 1] == 0) {
            size++;
        } else if (slots[slot + 3] >>> 3 >= offset) {
            return;
        }
        write(slots, slot, idHigh, idLow, fingerprint, offset << 3 | state.ordinal());
    }

    int size() {
        return size;
    }

    /** The slot holding this id, or the empty slot where it belongs (linear probing). */
    private static int find(long[] table, int mask, long idHigh, long idLow) {
        int index = (int) (idLow ^ (idLow >>> 32)) & mask;
        while (true) {
            int slot = index * STRIDE;
            boolean empty = table[slot] == 0 && table[slot + 1] == 0;
            if (empty || (table[slot] == idHigh && table[slot + 1] == idLow)) {
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
            if (old[slot] != 0 || old[slot + 1] != 0) {
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

    long memoryBytes() {
        return slots.length * 8L;
    }
}
