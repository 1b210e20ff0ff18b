package dev.stepwise.store.memory;

import dev.stepwise.store.RecordKind;
import java.time.Instant;
import java.util.Comparator;

/** A position in the expiry index: when the record {@code kind:id} stops being live. */
record Expiry(Instant at, RecordKind kind, String id) implements Comparable<Expiry> {

    private static final Comparator<Expiry> ORDER =
            Comparator.comparing(Expiry::at).thenComparing(Expiry::kind).thenComparing(Expiry::id);

    @Override
    public int compareTo(Expiry other) {
        return ORDER.compare(this, other);
    }
}
