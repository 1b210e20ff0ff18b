package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.memory.MemoryStore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A {@code ctx.once} claim is written over the record the turn loaded, and a stale one still runs the body once. */
class OnceClaimTest {

    private final MemoryStore memory = MemoryStore.builder().build();
    private final AtomicInteger effects = new AtomicInteger();

    private FlowEngine engine(VersionedStore store) {
        return engine(store, false);
    }

    private FlowEngine engine(VersionedStore store, boolean readEveryTurn) {
        return FlowEngine.builder()
                .store(store)
                .readEveryTurn(readEveryTurn)
                .register(TestFlows.quote("quote", effects).build())
                .build();
    }

    private static void toTheAge(FlowEngine engine) {
        engine.call(FlowCall.start("quote").sessionId("s").build());
        engine.call(FlowCall.resume("quote", "s")
                .update("name", "Ada")
                .update("email", "ada@example.com")
                .build());
    }

    @ParameterizedTest(name = "read every turn: {0}")
    @ValueSource(booleans = {true, false})
    void theClaimCostsNoSecondRead(boolean readEveryTurn) {
        CountingStore store = new CountingStore(memory);
        FlowEngine engine = engine(store, readEveryTurn);
        toTheAge(engine);
        int reads = store.reads.get();
        int writes = store.writes.size();
        FlowResponse r =
                engine.call(FlowCall.resume("quote", "s").update("age", 34).build());
        assertEquals("widget", r.status());
        assertEquals(1, effects.get());
        // without a read first, the turn runs on the record this engine saved, and the claim confirms it
        assertEquals(readEveryTurn ? 1 : 0, store.reads.get() - reads, "the turn's load only");
        assertEquals(2, store.writes.size() - writes, "the once claim, then the turn's save");
    }

    @ParameterizedTest(name = "read every turn: {0}")
    @ValueSource(booleans = {true, false})
    void aClaimOverARecordChangedSinceTheLoadReadsItAndRunsTheBodyOnce(boolean readEveryTurn) {
        // another server runs the same turn between this turn's load and its claim: the claim's
        // compare-and-set fails, the re-read finds the other turn's outcome, and the body never runs again
        FlowEngine other = engine(memory);
        AtomicBoolean armed = new AtomicBoolean();
        VersionedStore racing = new CountingStore(memory) {
            @Override
            public WriteResult write(Write write) {
                if (write.items().isEmpty() && armed.compareAndSet(true, false)) {
                    FlowResponse theirs = other.call(
                            FlowCall.resume("quote", "s").update("age", 34).build());
                    assertEquals("widget", theirs.status());
                }
                return super.write(write);
            }
        };
        FlowEngine engine = engine(racing, readEveryTurn);
        toTheAge(engine);
        armed.set(true);
        engine.call(FlowCall.resume("quote", "s").update("age", 34).build());
        assertEquals(1, effects.get(), "the once body ran once across both servers");
        assertEquals("Q-1", engine.sessions().state("quote", "s").orElseThrow().getString("quoteId"));
    }
}
