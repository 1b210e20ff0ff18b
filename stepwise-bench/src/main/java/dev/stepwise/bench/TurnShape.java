package dev.stepwise.bench;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.store.memory.MemoryStore;
import java.time.Duration;
import java.util.List;

/**
 * What the store does underneath one turn of the workload, measured by running one session through
 * the engine over a {@link CountingStore}: per turn, the reads, the written value's size, the
 * payload sizes of the appended items and the write's TTL. The raw baselines replay exactly this.
 *
 * @param reads      record reads of the turn
 * @param valueBytes size of the value written
 * @param itemBytes  payload size of each item appended
 * @param ttl        TTL of the write
 * @param create     whether the write creates the record (expects it absent)
 */
record TurnShape(int reads, int valueBytes, int[] itemBytes, Duration ttl, boolean create) {

    /** The four turns of one session, as the engine's calls on the store show them. */
    static List<TurnShape> capture() {
        try (CountingStore store = new CountingStore(MemoryStore.builder().build())) {
            FlowEngine engine = FlowEngine.builder().store(store).register(InsuranceQuote.flow()).build();
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
        StringBuilder items = new StringBuilder();
        for (int b : itemBytes) {
            items.append(items.length() == 0 ? "" : ", ").append(b);
        }
        return reads + " read, " + (create ? "create" : "update") + " of " + valueBytes + " B, "
                + itemBytes.length + " item(s) [" + items + " B], ttl " + ttl;
    }
}
