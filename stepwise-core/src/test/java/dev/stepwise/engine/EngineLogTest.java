package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The conversation log: what is stored, what only reaches listeners, retention, and its cost. */
class EngineLogTest {

    private final MemoryStore memory = MemoryStore.builder().build();
    private final CountingStore store = new CountingStore(memory);
    private final List<LogItem> heard = new CopyOnWriteArrayList<>();

    private static Flow chatty() {
        return Flow.builder("chatty")
                .description("d")
                .state(StateSchema.builder()
                        .integer("delta", "d")
                        .integer("total", "t", f -> f.optional())
                        .build())
                .ask("ask", a -> a.question("delta", "How much?"))
                .action("add", ctx -> {
                    ctx.log(
                            LogItem.ASSISTANT,
                            Map.of("text", "added " + ctx.state().getLong("delta")));
                    Long total = ctx.state().getLong("total");
                    return Patch.of(
                                    "total",
                                    (total == null ? 0 : total) + ctx.state().getLong("delta"))
                            .with("delta", null);
                })
                .edge(Flow.START, "ask")
                .edge("ask", "add")
                .edge("add", "ask")
                .build();
    }

    private FlowEngine engine(LogPolicy policy) {
        return FlowEngine.builder()
                .store(store)
                .register(chatty())
                .logPolicy(policy)
                .listener((flow, session, items) -> heard.addAll(items))
                .build();
    }

    @Test
    void transientItemsReachListenersButNeverTheStore() {
        FlowEngine engine = engine(LogPolicy.DEFAULT);
        engine.call(
                FlowCall.start("chatty").sessionId("s").intent("count for me").build());
        engine.call(FlowCall.resume("chatty", "s").update("delta", 2).build());
        List<String> storedKinds = engine.sessions().log("chatty", "s", ItemWindow.last(100)).stream()
                .map(LogItem::kind)
                .toList();
        assertEquals(List.of("user", "tool", "tool", "assistant"), storedKinds);
        List<String> heardKinds = heard.stream().map(LogItem::kind).toList();
        assertTrue(heardKinds.contains("status") && heardKinds.contains("state_change"), heardKinds.toString());
        for (Write w : store.writes) {
            for (Item item : w.items()) {
                assertTrue(!item.kind().equals("status") && !item.kind().equals("state_change"), item.toString());
            }
        }
        assertTrue(heard.stream().filter(i -> !i.stored()).allMatch(i -> i.seq() == 0));
    }

    @Test
    void storedItemsAreTheSameBytesWhetherOrNotAListenerIsRegistered() {
        // without a listener the tool item is encoded without its tree: it must not differ by a byte
        FlowEngine heardEngine = engine(LogPolicy.DEFAULT);
        FlowEngine silent = FlowEngine.builder().store(store).register(chatty()).build();
        List<List<String>> logs = new ArrayList<>();
        for (var e : Map.of("heard", heardEngine, "silent", silent).entrySet()) {
            String session = e.getKey();
            e.getValue()
                    .call(FlowCall.start("chatty")
                            .sessionId(session)
                            .intent("count \"é\"")
                            .build());
            e.getValue()
                    .call(FlowCall.resume("chatty", session)
                            .update("delta", 2)
                            .requestId("r-1")
                            .build());
            e.getValue()
                    .call(FlowCall.resume("chatty", session).update("delta", 5).build());
            logs.add(memory.readItems(StoreKey.session("chatty:" + session), ItemWindow.after(0, 100)).stream()
                    .map(i -> i.seq() + " " + i.kind() + " " + new String(i.payload(), StandardCharsets.UTF_8))
                    .toList());
        }
        assertEquals(logs.get(0), logs.get(1));
        assertTrue(
                logs.get(0)
                        .contains(
                                "3 tool {\"action\":\"continue\",\"stateUpdates\":{\"delta\":2},\"requestId\":\"r-1\"}"),
                logs.get(0).toString());
    }

    @Test
    void theLastTurnsWindowStartsAtATurnBoundary() {
        FlowEngine engine = engine(LogPolicy.DEFAULT);
        engine.call(FlowCall.start("chatty").sessionId("s").intent("go").build());
        for (int i = 1; i <= 5; i++) {
            engine.call(FlowCall.resume("chatty", "s").update("delta", i).build());
        }
        List<LogItem> two = engine.sessions().lastTurns("chatty", "s", 2);
        assertEquals(
                List.of("tool", "assistant", "tool", "assistant"),
                two.stream().map(LogItem::kind).toList());
        assertEquals(5, two.get(2).payload().get("stateUpdates").get("delta").asInt());
        assertEquals(12, engine.sessions().lastTurns("chatty", "s", 100).size(), "all of a shorter log");
    }

    @Test
    void stateChangesCanBeStoredOnRequest() {
        FlowEngine engine = engine(LogPolicy.DEFAULT.persistStateChanges());
        engine.call(FlowCall.start("chatty").sessionId("s").build());
        engine.call(FlowCall.resume("chatty", "s").update("delta", 3).build());
        List<LogItem> log = engine.sessions().log("chatty", "s", ItemWindow.last(100));
        LogItem change = log.stream()
                .filter(i -> i.kind().equals("state_change"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(3, change.payload().get("fields").get("total").asInt());
        assertEquals(
                List.of(), log.stream().filter(i -> i.kind().equals("status")).toList());
    }

    @Test
    void retentionKeepsTheNewestItems() {
        FlowEngine engine = engine(LogPolicy.DEFAULT.retain(20, Duration.ofDays(1)));
        engine.call(FlowCall.start("chatty").sessionId("s").build());
        for (int i = 0; i < 60; i++) {
            engine.call(FlowCall.resume("chatty", "s").update("delta", 1).build());
        }
        List<LogItem> log = engine.sessions().log("chatty", "s", ItemWindow.after(0, 1000));
        assertTrue(log.size() <= 20 + LogKeeper.TRIM_EVERY, "kept " + log.size());
        assertEquals(121, log.get(log.size() - 1).seq(), "the newest item survives");
        assertEquals(60, engine.sessions().state("chatty", "s").orElseThrow().getLong("total"));
    }

    @Test
    void aTurnCostsTheSameWithAHundredThousandItemsInTheLog() {
        FlowEngine engine = engine(LogPolicy.DEFAULT.retain(1_000_000, Duration.ofDays(365)));
        engine.call(FlowCall.start("chatty").sessionId("big").build());
        StoreKey key = StoreKey.session("chatty:big");
        Stored session = memory.read(key).orElseThrow();
        long last = session.version();
        Instant now = Instant.now();
        List<Item> batch = new ArrayList<>();
        for (long seq = 2; seq <= 100_001; seq++) {
            batch.add(new Item(seq, "user", now, "{\"text\":\"hi\"}".getBytes()));
        }
        // Grow the log behind the engine's back: the record still says its last seq is 1, so the
        // engine would collide with these seqs; raise it in the record the way 100,000 turns would.
        byte[] value = new String(session.value())
                .replace("\"itemSeq\":1", "\"itemSeq\":100001")
                .getBytes();
        memory.write(new Write(key, value, Expect.version(last), Duration.ofHours(1), session.attributes(), batch));
        assertEquals(100_001, memory.readItems(key, ItemWindow.last(1)).get(0).seq());

        store.writes.clear();
        store.itemReads.set(0);
        int bytesBefore = memory.read(key).orElseThrow().value().length;
        for (int i = 0; i < 10; i++) {
            assertEquals(
                    "interrupt",
                    engine.call(FlowCall.resume("chatty", "big")
                                    .update("delta", 1)
                                    .build())
                            .status());
        }
        for (Write w : store.writes) {
            assertTrue(
                    w.items().size() <= 2,
                    "a turn appends only its own items: " + w.items().size());
            assertTrue(w.value().length < bytesBefore + 200, "the record does not grow with the log");
        }
        assertTrue(
                store.itemReads.get() <= 1,
                "turns do not read the log (one amortised trim check at most): " + store.itemReads.get());
        assertEquals(
                100_021,
                engine.sessions()
                        .log("chatty", "big", ItemWindow.last(1))
                        .get(0)
                        .seq());
    }
}
