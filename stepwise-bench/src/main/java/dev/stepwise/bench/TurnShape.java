package dev.stepwise.bench;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.store.memory.MemoryStore;
import java.time.Duration;
import java.util.List;

/**
 * What the store does underneath one turn of the workload, measured by running one session through
 * the engine over a {@link CountingStore}: per turn, the reads and each write in order (the turn's
 * save, and before it any claim a {@code ctx.once} body or a requestId writes). The raw baselines
 * replay exactly this.
 *
 * @param reads  record reads of the turn
 * @param writes the turn's writes, in order; the last one is the turn's save
 */
record TurnShape(int reads, List<Write> writes) {

    /**
     * One conditional write.
     *
     * @param valueBytes size of the value written
     * @param itemBytes  payload size of each item appended
     * @param ttl        TTL of the write
     * @param create     whether the write creates the record (expects it absent)
     */
    record Write(int valueBytes, int[] itemBytes, Duration ttl, boolean create) {}

    TurnShape {
        writes = List.copyOf(writes);
        if (writes.isEmpty()) {
            throw new IllegalArgumentException("a turn wrote nothing");
        }
    }

    /** Whether the turn's first write creates the record. */
    boolean create() {
        return writes.get(0).create();
    }

    /** The TTL of the turn's save. */
    Duration ttl() {
        return writes.get(writes.size() - 1).ttl();
    }

    /** The four turns of one session, as the engine's calls on the store show them. */
    static List<TurnShape> capture() {
        try (CountingStore store = new CountingStore(MemoryStore.builder().build())) {
            FlowEngine engine = FlowEngine.builder()
                    .store(store)
                    .register(InsuranceQuote.flow())
                    .build();
            QuoteSession session = new QuoteSession(engine, "shape");
            for (int i = 0; i < 4; i++) {
                try {
                    session.turn();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                store.endTurn();
            }
            return store.turns();
        }
    }

    /** A line for the report. */
    String describe() {
        StringBuilder text = new StringBuilder(reads + " read");
        for (Write w : writes) {
            StringBuilder items = new StringBuilder();
            for (int b : w.itemBytes()) {
                items.append(items.length() == 0 ? "" : ", ").append(b);
            }
            text.append(", ")
                    .append(w.create() ? "create" : "update")
                    .append(" of ")
                    .append(w.valueBytes())
                    .append(" B, ")
                    .append(w.itemBytes().length == 0 ? "no item" : w.itemBytes().length + " item(s) [" + items + " B]")
                    .append(", ttl ")
                    // the TTL left when the turn wrote, to the second (a claim's lease runs down)
                    .append(Duration.ofSeconds(Math.round(w.ttl().toMillis() / 1000.0)));
        }
        return text.toString();
    }
}
