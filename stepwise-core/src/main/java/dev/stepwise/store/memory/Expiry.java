package dev.stepwise.store.memory;

import dev.stepwise.store.RecordKind;

/** A position in the expiry index: when ({@link EpochNanos}) the record {@code kind:id} stops being live. */
record Expiry(long at, RecordKind kind, String id) implements Comparable<Expiry> {

    /**
     * By time, then kind, then id. Written out rather than as a chain of {@code Comparator.comparing}
     * calls: every insert and removal in the index compares a dozen or so positions.
     */
    @Override
    public int compareTo(Expiry other) {
        int byTime = Long.compare(at, other.at);
        if (byTime != 0) {
            return byTime;
        }
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : id.compareTo(other.id);
    }
}
