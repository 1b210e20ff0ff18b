package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The memory store holds a record's value against others of its flow and status, and a log's first
 * payload against others of its kind: what it holds is smaller, what it reads back is exact and
 * never an array another record or caller holds.
 */
class HeldValuesTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");
    private static final RecordAttributes QUOTE = new RecordAttributes("quote", "active", null);

    private final MemoryStore store = MemoryStore.builder().build();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String session(Random random, String node) {
        return "{\"format\":1,\"flowId\":\"quote\",\"flowVersion\":\"3\",\"graphHash\":\"be6634ff65c8f5fefebeef60\","
                + "\"runId\":\"" + Long.toHexString(random.nextLong()) + "\",\"status\":\"active\",\"node\":\"" + node
                + "\",\"state\":{},\"once\":{},\"answers\":{},\"createdAt\":\"2030-01-01T00:00:0" + random.nextInt(10)
                + "." + random.nextInt(1_000_000_000) + "Z\",\"itemSeq\":1,\"turns\":1}";
    }

    private void create(String id, byte[] value, RecordAttributes attributes, List<Item> items) {
        store.write(new Write(StoreKey.session(id), value, Expect.absent(), HOUR, attributes, items));
    }

    @Test
    void sessionsOfOneFlowAreHeldInAFractionOfTheirBytesAndReadBackExactly() {
        Random random = new Random(1);
        List<byte[]> written = new ArrayList<>();
        long raw = 0;
        for (int i = 0; i < 1_000; i++) {
            byte[] value = bytes(session(random, "ask_contact"));
            written.add(value.clone());
            raw += value.length;
            create("s" + i, value, QUOTE, List.of());
        }

        long held = store.heldValueBytes();

        long writtenBytes = raw;
        assertTrue(held < raw / 4, () -> held + " B held for " + writtenBytes + " B written");
        assertReadBack("s", written);
    }

    @Test
    void aFlowWhoseRecordsChangeShapeGetsABaseLikeThem() {
        Random random = new Random(2);
        byte[] first = bytes(session(random, "ask_contact"));
        create("old", first, QUOTE, List.of());
        // same flow, status and size, nothing in common with the first base in its first bytes
        List<byte[]> reshaped = new ArrayList<>();
        for (int i = 0; i < Bases.REBASE_EVERY * 3; i++) {
            byte[] value = reshaped(random, first.length);
            reshaped.add(value.clone());
            create("new" + i, value, QUOTE, List.of());
        }
        long before = store.heldValueBytes();
        long raw = 0;
        for (int i = 0; i < 100; i++) {
            byte[] value = reshaped(random, first.length);
            raw += value.length;
            create("later" + i, value, QUOTE, List.of());
        }

        long laterHeld = store.heldValueBytes() - before;

        long laterRaw = raw;
        assertTrue(laterHeld < raw / 2, () -> laterHeld + " B held for " + laterRaw + " B");
        assertReadBack("new", reshaped);
    }

    /** Each session {@code prefix + i} reads back exactly {@code values.get(i)}. */
    private void assertReadBack(String prefix, List<byte[]> values) {
        for (int i = 0; i < values.size(); i++) {
            assertArrayEquals(
                    values.get(i),
                    store.read(StoreKey.session(prefix + i)).orElseThrow().value(),
                    prefix + i);
        }
    }

    /** A record of another layout, exactly {@code length} bytes long. */
    private static byte[] reshaped(Random random, int length) {
        String text = "[" + Long.toHexString(random.nextLong()) + ",\"a new record layout, another version\","
                + "=".repeat(length);
        return bytes(text.substring(0, length - 1) + "]");
    }

    @Test
    void afterValuesThatShareNothingTheFirstThatShareAgainAreHeldCompactly() {
        Random random = new Random(6);
        int length = bytes(session(random, "ask_contact")).length;
        for (int i = 0; i < Bases.REBASE_EVERY * 4; i++) {
            byte[] noise = new byte[length]; // encrypted records: nothing in common with each other
            random.nextBytes(noise);
            create("sealed" + i, noise, QUOTE, List.of());
        }
        // tried one in FRUITLESS_TRY_EVERY until enough tries missed to take one of these as the base
        for (int i = 0; i < Bases.FRUITLESS_TRY_EVERY * (Bases.REBASE_EVERY + 1); i++) {
            create("plain" + i, sameLength(session(random, "ask_contact"), length), QUOTE, List.of());
        }
        long before = store.heldValueBytes();
        long raw = 0;
        for (int i = 0; i < 100; i++) {
            byte[] value = sameLength(session(random, "ask_contact"), length);
            raw += value.length;
            create("later" + i, value, QUOTE, List.of());
        }

        long laterHeld = store.heldValueBytes() - before;

        long laterRaw = raw;
        assertTrue(laterHeld < raw / 3, () -> laterHeld + " B held for " + laterRaw + " B");
    }

    /** {@code text} cut or padded to {@code length} bytes: one size class for all. */
    private static byte[] sameLength(String text, int length) {
        return Arrays.copyOf(bytes(text + " ".repeat(length)), length);
    }

    @Test
    void concurrentWritersOfOneFlowEachReadBackExactlyWhatTheyWrote() throws Exception {
        int writers = 8;
        int writes = 1_500;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    Random random = new Random(100 + writer);
                    StoreKey key = StoreKey.session("w" + writer);
                    Long version = null;
                    for (int i = 0; i < writes; i++) {
                        // shapes and sizes that share bases with the other writers, some that share
                        // nothing (rebasing under them), and empty values
                        byte[] value =
                                switch (random.nextInt(4)) {
                                    case 0 -> bytes(session(random, "node" + random.nextInt(3)));
                                    case 1 -> bytes(session(random, "n").repeat(1 + random.nextInt(4)));
                                    case 2 -> {
                                        byte[] noise = new byte[random.nextInt(300)];
                                        random.nextBytes(noise);
                                        yield noise;
                                    }
                                    default -> new byte[0];
                                };
                        byte[] payload = bytes("{\"turn\":" + i % 3 + ",\"by\":\"" + writer + "\"}");
                        Expect expect = version == null ? Expect.absent() : Expect.version(version);
                        WriteResult result = store.write(new Write(
                                key,
                                value.clone(),
                                expect,
                                HOUR,
                                QUOTE,
                                List.of(new Item(i + 1, "tool", AT, payload))));
                        version = ((WriteResult.Written) result).version();
                        assertArrayEquals(value, store.read(key).orElseThrow().value(), "writer " + writer + ", " + i);
                        assertArrayEquals(
                                payload,
                                store.readItems(key, ItemWindow.last(1)).get(0).payload(),
                                "writer " + writer + ", " + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void flowsPastTheLastGroupWithABaseAreHeldAsTheyAre() {
        Bases bases = new Bases();
        Random random = new Random(5);
        for (int flow = 0; flow < Bases.MAX_GROUPS + 500; flow++) {
            byte[] value = bytes(session(random, "node" + flow));
            Bases.Held held = bases.hold("flow-" + flow, "active", value);
            assertArrayEquals(value, Bases.value(held.bytes(), held.base()), "flow " + flow);
            if (flow >= Bases.MAX_GROUPS) {
                assertTrue(held.base() == null && held.bytes() != value, "flow " + flow + " held as it is");
            }
        }
        assertTrue(bases.groups() == Bases.MAX_GROUPS, bases.groups() + " groups");
    }

    @Test
    void sizeClassesRiseWithLengthAndStayWithinTheirTable() {
        int last = 0;
        for (int length = 0; length <= Base.MAX_LENGTH; length++) {
            int size = Bases.sizeClass(length);
            assertTrue(size >= last && size <= last + 1, "length " + length + ": class " + size + " after " + last);
            last = size;
        }
        // a class spans at most an eighth of its lengths, so records of one step share a base
        assertTrue(Bases.sizeClass(265) != Bases.sizeClass(325));
        assertTrue(Bases.sizeClass(260) == Bases.sizeClass(270));
        assertTrue(last < 100, "classes: " + last);
    }

    @Test
    void aValueEqualToTheFirstOfItsFlowIsItsOwnWhateverTheFirstWritersArrayBecomes() {
        byte[] first = bytes(session(new Random(3), "ask_contact"));
        byte[] same = first.clone();
        create("first", first, QUOTE, List.of());
        create("second", same, QUOTE, List.of());

        first[0] = 'X';
        same[1] = 'X';
        store.read(StoreKey.session("first")).orElseThrow().value()[2] = 'X';

        byte[] expected = bytes(session(new Random(3), "ask_contact"));
        assertArrayEquals(
                expected, store.read(StoreKey.session("first")).orElseThrow().value());
        assertArrayEquals(
                expected, store.read(StoreKey.session("second")).orElseThrow().value());
    }

    @Test
    void aFirstPayloadSharedByManyLogsIsCopiedForEachReader() {
        for (int i = 0; i < 3; i++) {
            create("s" + i, bytes("{}"), QUOTE, List.of(new Item(1, "tool", AT, bytes("{\"action\":\"start\"}"))));
        }

        store.readItems(StoreKey.session("s0"), ItemWindow.last(1)).get(0).payload()[0] = 'X';
        store.readItems(StoreKey.session("s1"), ItemWindow.after(0, 1)).get(0).payload()[1] = 'X';

        for (int i = 0; i < 3; i++) {
            assertArrayEquals(
                    bytes("{\"action\":\"start\"}"),
                    store.readItems(StoreKey.session("s" + i), ItemWindow.last(1))
                            .get(0)
                            .payload());
        }
    }

    @Test
    void valuesOfEveryFlowStatusAndSizeReadBackExactly() {
        Random random = new Random(4);
        String[] flows = {"quote", "onboarding", null};
        String[] statuses = {"active", "completed", null};
        List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            byte[] value =
                    switch (i % 4) {
                        case 0 -> bytes(session(random, "node" + i % 7));
                        case 1 -> new byte[random.nextInt(40)]; // short, mostly zeros
                        case 2 -> {
                            byte[] noise = new byte[random.nextInt(400)]; // an encrypted value: nothing in common
                            random.nextBytes(noise);
                            yield noise;
                        }
                        default -> bytes(session(random, "n").repeat(1 + random.nextInt(80))); // past the largest base
                    };
            written.add(value.clone());
            RecordAttributes attributes = new RecordAttributes(flows[i % 3], statuses[i / 3 % 3], null);
            byte[] payload = value.clone();
            create("s" + i, value, attributes, List.of(new Item(1, "kind" + i % 2, AT, payload)));
        }

        for (int i = 0; i < written.size(); i++) {
            StoreKey key = StoreKey.session("s" + i);
            assertArrayEquals(written.get(i), store.read(key).orElseThrow().value(), "value " + i);
            assertArrayEquals(
                    written.get(i),
                    store.readItems(key, ItemWindow.last(1)).get(0).payload(),
                    "payload " + i);
        }
    }
}
