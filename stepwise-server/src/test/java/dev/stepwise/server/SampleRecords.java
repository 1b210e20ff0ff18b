package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.examples.SupportTriage;
import dev.stepwise.scope.Resources;
import dev.stepwise.scope.ScopeRef;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A store's worth of every record kind, written through the engine and the public store API. */
final class SampleRecords {

    private SampleRecords() {}

    /** Sessions (with turn logs) of two flows, a user and a project scope with items, and resources of each scope. */
    static void write(VersionedStore store) {
        FlowEngine engine = FlowEngine.builder()
                .store(store)
                .register(InsuranceQuote.flow(), SupportTriage.flow())
                .build();
        for (String id : new String[] {"s1", "s2", "s3"}) {
            engine.call(FlowCall.start(InsuranceQuote.ID)
                    .sessionId(id)
                    .update("name", "Ada " + id)
                    .build());
        }
        engine.call(FlowCall.start(SupportTriage.ID).sessionId("t1").build());
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (StoreKey key : List.of(StoreKey.user("u1"), StoreKey.project("p1"))) {
            List<Item> items = List.of(
                    new Item(1, "note", at, ("first " + key).getBytes(StandardCharsets.UTF_8)),
                    new Item(2, "note", at.plusMillis(1), new byte[] {0, 1, 2, (byte) 0xff}));
            WriteResult written = store.write(new Write(
                    key,
                    ("{\"scope\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8),
                    Expect.absent(),
                    Duration.ofDays(3),
                    new RecordAttributes(null, null, "u1"),
                    items));
            assertTrue(written instanceof WriteResult.Written, written.toString());
        }
        Resources resources = new Resources(store, Resources.DEFAULT_MAX_BYTES, Duration.ofDays(2));
        resources.put(ScopeRef.session(InsuranceQuote.ID, "s1"), "notes.md", "text/markdown", "# notes");
        resources.put(ScopeRef.user("u1"), "prefs.json", "application/json", "{\"lang\":\"en\"}");
        resources.put(ScopeRef.project("p1"), "faq.txt", "text/plain", "FAQ");
    }

    /** Every live record with its item log, by position ({@code kind:id}). */
    static Map<String, Snapshot> snapshot(VersionedStore store) {
        Map<String, Snapshot> all = new TreeMap<>();
        new RecordWalk(store, EnumSet.allOf(RecordKind.class), null, null).walk(null, new RecordWalk.Visitor() {
            @Override
            public void record(Stored stored) {
                all.put(RecordWalk.position(stored.key()), new Snapshot(stored, RecordWalk.items(store, stored.key())));
            }

            @Override
            public void unreadable(dev.stepwise.store.Page.Unreadable entry) {
                throw new AssertionError("unreadable " + entry);
            }
        });
        return all;
    }

    /** One record and its log as read. */
    record Snapshot(Stored stored, List<Item> items) {}

    /**
     * Asserts that {@code target} holds what {@code source} held: the same keys, value bytes,
     * attributes and items (seq, kind, time, payload), and about the same expiry (the target's is
     * written as the time left, so it may lie later by the time the import took).
     */
    static void assertSameRecords(Map<String, Snapshot> source, Map<String, Snapshot> target) {
        assertEquals(source.keySet(), target.keySet());
        for (String position : source.keySet()) {
            Stored a = source.get(position).stored();
            Stored b = target.get(position).stored();
            assertEquals(
                    new String(a.value(), StandardCharsets.ISO_8859_1),
                    new String(b.value(), StandardCharsets.ISO_8859_1),
                    position);
            assertEquals(a.attributes(), b.attributes(), position);
            assertTrue(
                    !b.expiresAt().isBefore(a.expiresAt().minusSeconds(1))
                            && b.expiresAt().isBefore(a.expiresAt().plus(Duration.ofMinutes(10))),
                    position + ": expiry " + a.expiresAt() + " became " + b.expiresAt());
            assertEquals(
                    describe(source.get(position).items()),
                    describe(target.get(position).items()),
                    position);
        }
    }

    private static List<String> describe(List<Item> items) {
        List<String> out = new ArrayList<>();
        for (Item item : items) {
            out.add(item.seq() + " " + item.kind() + " " + item.at() + " "
                    + Base64.getEncoder().encodeToString(item.payload()));
        }
        return out;
    }
}
