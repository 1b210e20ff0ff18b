package dev.stepwise.store.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EncryptedStoreTest {

    private static final Duration TTL = Duration.ofHours(1);
    private static final KeyRing RING1 =
            KeyRing.builder().current("k1", KeyRingTest.K1).build();
    private static final KeyRing RING2 = KeyRing.builder()
            .current("k2", KeyRingTest.K2)
            .add("k1", KeyRingTest.K1)
            .build();
    private static final KeyRing RING2_ONLY =
            KeyRing.builder().current("k2", KeyRingTest.K2).build();

    private VersionedStore raw;
    private EncryptedStore store;

    @BeforeEach
    void open() {
        raw = MemoryStore.builder().build();
        store = EncryptedStore.wrap(raw, RING1);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Item item(long seq, String payload) {
        return new Item(seq, "user", Instant.parse("2026-01-01T00:00:00Z"), bytes(payload));
    }

    private long write(EncryptedStore target, StoreKey key, String value, Item... items) {
        WriteResult result = target.write(new Write(
                key, bytes(value), Expect.any(), TTL, new RecordAttributes("flow", "active", "u1"), List.of(items)));
        return ((WriteResult.Written) result).version();
    }

    private byte[] rawValue(StoreKey key) {
        return raw.read(key).orElseThrow().value();
    }

    private void putRaw(StoreKey key, byte[] value) {
        raw.write(Write.of(key, value, Expect.any(), TTL));
    }

    private static String keyId(byte[] envelope) {
        return new String(envelope, 6, envelope[5], StandardCharsets.US_ASCII);
    }

    @Test
    void roundTripsValuesItemsAndAttributesWhileTheInnerStoreHoldsCiphertext() {
        StoreKey key = StoreKey.session("s");
        long version = write(store, key, "{\"secret\":\"hunter2\"}", item(1, "my password is hunter2"));
        Stored read = store.read(key).orElseThrow();
        assertArrayEquals(bytes("{\"secret\":\"hunter2\"}"), read.value());
        assertEquals(version, read.version());
        assertEquals(new RecordAttributes("flow", "active", "u1"), read.attributes());
        assertArrayEquals(
                bytes("my password is hunter2"),
                store.readItems(key, ItemWindow.last(5)).get(0).payload());

        byte[] stored = rawValue(key);
        assertTrue(Sealer.sealed(stored));
        assertEquals("k1", keyId(stored));
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("hunter2"));
        byte[] payload = raw.readItems(key, ItemWindow.last(5)).get(0).payload();
        assertTrue(Sealer.sealed(payload));
        assertFalse(new String(payload, StandardCharsets.ISO_8859_1).contains("hunter2"));
        assertEquals(
                Set.of(key),
                store.readAll(List.of(key, StoreKey.session("none"))).keySet());
        assertArrayEquals(
                bytes("{\"secret\":\"hunter2\"}"),
                store.list(ListQuery.of(RecordKind.SESSION, "", 5))
                        .records()
                        .get(0)
                        .value());
    }

    @Test
    void aValueMovedToAnotherRecordFailsToDecrypt() {
        StoreKey a = StoreKey.session("a");
        StoreKey b = StoreKey.session("b");
        StoreKey userA = StoreKey.user("a");
        write(store, a, "A");
        write(store, b, "B");
        putRaw(b, rawValue(a));
        CorruptRecordException moved = assertThrows(CorruptRecordException.class, () -> store.read(b));
        assertTrue(moved.getMessage().contains("'k1'"), moved.getMessage());
        assertEquals("session:b", moved.location());
        putRaw(userA, rawValue(a));
        assertThrows(CorruptRecordException.class, () -> store.read(userA), "same id, other kind");
        assertArrayEquals(bytes("A"), store.read(a).orElseThrow().value());
    }

    @Test
    void anItemPayloadMovedToAnotherSeqFailsToDecrypt() {
        StoreKey key = StoreKey.session("items");
        write(store, key, "v", item(1, "one"));
        byte[] sealedOne = raw.readItems(key, ItemWindow.last(1)).get(0).payload();
        long version = raw.read(key).orElseThrow().version();
        raw.write(new Write(
                key,
                rawValue(key),
                Expect.version(version),
                TTL,
                RecordAttributes.NONE,
                List.of(new Item(2, "user", Instant.EPOCH, sealedOne))));
        assertEquals(1, store.readItems(key, ItemWindow.after(0, 1)).size());
        CorruptRecordException e =
                assertThrows(CorruptRecordException.class, () -> store.readItems(key, ItemWindow.after(0, 5)));
        assertTrue(e.location().contains("item 2"), e.location());
    }

    @Test
    void threadsSealingAndOpeningAtOnceEachGetTheirOwnBytes() throws Exception {
        StoreKey bad = StoreKey.session("bad");
        write(store, bad, "x");
        byte[] tampered = rawValue(bad);
        tampered[tampered.length - 1] ^= 0x01;
        putRaw(bad, tampered);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        StoreKey key = StoreKey.session("c" + thread + "-" + (i % 7));
                        String value = "value " + thread + "/" + i + " " + "x".repeat(i % 50);
                        write(store, key, value, item(i + 1L, "item " + thread + "/" + i));
                        assertArrayEquals(
                                bytes(value), store.read(key).orElseThrow().value());
                        assertArrayEquals(
                                bytes("item " + thread + "/" + i),
                                store.readItems(key, ItemWindow.last(1)).get(0).payload());
                        if (i % 10 == 0) {
                            // a failed open on this thread leaves nothing behind for its next operation
                            assertThrows(CorruptRecordException.class, () -> store.read(bad));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tamperingWithAnyRegionIsDetected() {
        StoreKey key = StoreKey.session("t");
        write(store, key, "a value long enough to have several ciphertext bytes");
        byte[] original = rawValue(key);
        EncryptedStore strict = store.rejectingPlaintext();
        int headerEnd = 6 + original[5];
        int ivEnd = headerEnd + Sealer.IV_BYTES;
        int tagStart = original.length - Sealer.TAG_BITS / 8;
        // magic, format, key id length, key id, IV, ciphertext, tag
        int[] positions = {
            0, 3, 4, 5, 6, headerEnd - 1, headerEnd, ivEnd - 1, ivEnd, tagStart - 1, tagStart, original.length - 1
        };
        for (int position : positions) {
            byte[] tampered = original.clone();
            tampered[position] ^= 0x01;
            putRaw(key, tampered);
            assertThrows(CorruptRecordException.class, () -> strict.read(key), "strict, byte " + position);
            if (position >= Sealer.MAGIC.length) {
                assertThrows(CorruptRecordException.class, () -> store.read(key), "byte " + position);
            } else {
                // a broken magic reads as plaintext: the tampered bytes, never the secret
                assertArrayEquals(tampered, store.read(key).orElseThrow().value());
            }
        }
        for (int length : new int[] {5, 6, headerEnd, ivEnd, ivEnd + 15, original.length - 1}) {
            putRaw(key, Arrays.copyOf(original, length));
            CorruptRecordException e =
                    assertThrows(CorruptRecordException.class, () -> store.read(key), "length " + length);
            assertFalse(e.getMessage().contains(Base64.getEncoder().encodeToString(KeyRingTest.K1)));
            assertFalse(e.getMessage().contains(HexFormat.of().formatHex(KeyRingTest.K1)));
        }
        putRaw(key, original);
        assertArrayEquals(
                bytes("a value long enough to have several ciphertext bytes"),
                store.read(key).orElseThrow().value());
    }

    @Test
    void rotationKeepsOldRecordsReadableAndMovesRewrittenOnes() {
        StoreKey old = StoreKey.session("old");
        StoreKey rewritten = StoreKey.session("rewritten");
        write(store, old, "old");
        write(store, rewritten, "first", item(1, "p1"));
        EncryptedStore rotated = EncryptedStore.wrap(raw, RING2);
        assertArrayEquals(bytes("old"), rotated.read(old).orElseThrow().value());
        write(rotated, rewritten, "second", item(2, "p2"));
        assertEquals("k2", keyId(rawValue(rewritten)));
        assertEquals("k1", keyId(rawValue(old)));
        assertEquals(
                List.of("p1", "p2"),
                rotated.readItems(rewritten, ItemWindow.last(5)).stream()
                        .map(i -> new String(i.payload(), StandardCharsets.UTF_8))
                        .toList());

        EncryptedStore withoutK1 = EncryptedStore.wrap(raw, RING2_ONLY);
        assertArrayEquals(
                bytes("second"), withoutK1.read(rewritten).orElseThrow().value());
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> withoutK1.read(old));
        assertTrue(e.getMessage().contains("'k1'") && e.getMessage().contains("not in the key ring"), e.getMessage());
        assertThrows(
                CorruptRecordException.class,
                () -> withoutK1.readItems(rewritten, ItemWindow.last(5)),
                "item 1 is still under k1");
        Page page = withoutK1.list(ListQuery.of(RecordKind.SESSION, "", 10));
        assertEquals(
                List.of("rewritten"),
                page.records().stream().map(s -> s.key().id()).toList());
        assertEquals(1, page.unreadable().size());
        assertEquals("session:old", page.unreadable().get(0).location());
    }

    @Test
    void aWrongKeyWithTheSameIdFailsNamingTheId() {
        StoreKey key = StoreKey.session("k");
        write(store, key, "v");
        EncryptedStore impostor = EncryptedStore.wrap(
                raw, KeyRing.builder().current("k1", KeyRingTest.K2).build());
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> impostor.read(key));
        assertTrue(e.getMessage().contains("cannot decrypt with key 'k1'"), e.getMessage());
    }

    @Test
    void plaintextWrittenBeforeEncryptionIsReadAndEncryptedOnTheNextWrite() {
        StoreKey key = StoreKey.session("plain");
        raw.write(new Write(
                key,
                bytes("{\"legacy\":true}"),
                Expect.absent(),
                TTL,
                RecordAttributes.NONE,
                List.of(item(1, "legacy item"))));
        Stored legacy = store.read(key).orElseThrow();
        assertArrayEquals(bytes("{\"legacy\":true}"), legacy.value());
        assertArrayEquals(
                bytes("legacy item"),
                store.readItems(key, ItemWindow.last(1)).get(0).payload());
        store.write(Write.of(key, bytes("{\"legacy\":false}"), Expect.version(legacy.version()), TTL));
        assertTrue(Sealer.sealed(rawValue(key)));
        assertArrayEquals(
                bytes("{\"legacy\":false}"), store.read(key).orElseThrow().value());
        CorruptRecordException strict = assertThrows(
                CorruptRecordException.class, () -> store.rejectingPlaintext().readItems(key, ItemWindow.last(1)));
        assertTrue(strict.getMessage().contains("not encrypted"), strict.getMessage());
    }

    @Test
    void conflictsCarryTheDecryptedCurrentRecord() {
        StoreKey key = StoreKey.session("c");
        long version = write(store, key, "current");
        WriteResult.Conflict conflict = assertInstanceOf(
                WriteResult.Conflict.class, store.write(Write.of(key, bytes("x"), Expect.version(version + 1), TTL)));
        assertArrayEquals(bytes("current"), conflict.current().orElseThrow().value());
        DeleteResult.Conflict deleteConflict =
                assertInstanceOf(DeleteResult.Conflict.class, store.delete(key, Expect.version(version + 1)));
        assertArrayEquals(
                bytes("current"), deleteConflict.current().orElseThrow().value());
        assertEquals(new DeleteResult.Deleted(true), store.delete(key, Expect.version(version)));
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        Sealer sealer = new Sealer(RING1, true);
        byte[] context = EncryptedStore.recordContext(StoreKey.session("same"));
        Set<String> ivs = new HashSet<>();
        Set<String> ciphertexts = new HashSet<>();
        int n = 5000;
        for (int i = 0; i < n; i++) {
            byte[] sealed = sealer.seal(bytes("same plaintext"), context);
            int headerEnd = 6 + sealed[5];
            ivs.add(HexFormat.of().formatHex(sealed, headerEnd, headerEnd + Sealer.IV_BYTES));
            ciphertexts.add(HexFormat.of().formatHex(sealed, headerEnd + Sealer.IV_BYTES, sealed.length));
            assertArrayEquals(bytes("same plaintext"), sealer.open(sealed, context, "x"));
        }
        assertEquals(n, ivs.size());
        assertEquals(n, ciphertexts.size());
    }
}
