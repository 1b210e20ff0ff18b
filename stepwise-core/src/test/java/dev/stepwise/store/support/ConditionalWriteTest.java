package dev.stepwise.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConditionalWriteTest {

    private static final StoreKey KEY = StoreKey.session("s1");
    private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    private static Write write(Expect expect) {
        return Write.of(KEY, "v".getBytes(StandardCharsets.UTF_8), expect, Duration.ofMinutes(5));
    }

    private static Stored stored(long version) {
        return new Stored(KEY, new byte[0], version, RecordAttributes.NONE, T, T.plusSeconds(60));
    }

    private static Optional<WriteResult> written(long version) {
        return Optional.of(new WriteResult.Written(version, T.plusSeconds(300)));
    }

    private static Optional<WriteResult> conflict(Stored current) {
        return Optional.of(new WriteResult.Conflict(Optional.ofNullable(current)));
    }

    /**
     * Steps that log each call and answer from scripts: reads return the next scripted record (or
     * none), creates and updates the next scripted outcome.
     */
    private static final class Scripted implements ConditionalWrite.Steps<Optional<Stored>> {
        final List<String> calls = new ArrayList<>();
        final Deque<Optional<Stored>> reads = new ArrayDeque<>();
        final Deque<Optional<WriteResult>> outcomes = new ArrayDeque<>();
        /** Whether each create or update found the snapshot already read. */
        final List<Boolean> snapshotRead = new ArrayList<>();

        @Override
        public Optional<Stored> read(Write w) {
            calls.add("read");
            return reads.isEmpty() ? Optional.empty() : reads.poll();
        }

        @Override
        public Optional<Stored> live(Optional<Stored> read) {
            return read;
        }

        @Override
        public Optional<WriteResult> create(Write w, Snapshot<Optional<Stored>> snapshot) {
            calls.add("create");
            snapshotRead.add(snapshot.isRead());
            return outcomes.poll();
        }

        @Override
        public Optional<WriteResult> update(Write w, long expected, Snapshot<Optional<Stored>> snapshot) {
            calls.add("update " + expected);
            snapshotRead.add(snapshot.isRead());
            return outcomes.poll();
        }
    }

    private static WriteResult run(Scripted steps, Expect expect) {
        return new ConditionalWrite<>(steps, CasRetry.immediate(3)).write(write(expect));
    }

    @Test
    void absentCreatesWithoutReadingAndItsConflictStands() {
        Scripted steps = new Scripted();
        steps.outcomes.add(conflict(stored(4)));
        WriteResult.Conflict c = assertInstanceOf(WriteResult.Conflict.class, run(steps, Expect.absent()));
        assertEquals(4, c.current().orElseThrow().version(), "the conflict carries the record in the way");
        assertEquals(List.of("create"), steps.calls);
        assertEquals(List.of(false), steps.snapshotRead);
    }

    @Test
    void versionUpdatesWithoutReadingAndItsConflictStands() {
        Scripted steps = new Scripted();
        steps.outcomes.add(conflict(null));
        assertInstanceOf(WriteResult.Conflict.class, run(steps, Expect.version(7)));
        assertEquals(List.of("update 7"), steps.calls);
        assertEquals(List.of(false), steps.snapshotRead);
    }

    @Test
    void anyCreatesWhenNothingIsLiveAndUpdatesTheVersionReadOtherwise() {
        Scripted none = new Scripted();
        none.outcomes.add(written(1));
        assertEquals(written(1).get(), run(none, Expect.any()));
        assertEquals(List.of("read", "create"), none.calls);
        assertEquals(List.of(true), none.snapshotRead, "the step reuses the attempt's read");

        Scripted live = new Scripted();
        live.reads.add(Optional.of(stored(5)));
        live.outcomes.add(written(6));
        assertEquals(written(6).get(), run(live, Expect.any()));
        assertEquals(List.of("read", "update 5"), live.calls);
        assertEquals(List.of(true), live.snapshotRead);
    }

    @Test
    void anyDecidesAgainWhenTheRecordChangedBetweenItsReadAndItsWrite() {
        Scripted steps = new Scripted();
        steps.reads.add(Optional.of(stored(5)));
        steps.outcomes.add(conflict(stored(6))); // someone updated 5 -> 6 meanwhile
        steps.reads.add(Optional.empty());
        steps.outcomes.add(conflict(stored(9))); // and then someone created it again
        steps.reads.add(Optional.of(stored(9)));
        steps.outcomes.add(written(10));
        assertEquals(written(10).get(), run(steps, Expect.any()));
        assertEquals(List.of("read", "update 5", "read", "create", "read", "update 9"), steps.calls);
    }

    @Test
    void anUndecidedRaceRunsAgainAndGivesUpAfterTheLastAttempt() {
        Scripted once = new Scripted();
        once.outcomes.add(Optional.empty());
        once.outcomes.add(written(1));
        assertEquals(written(1).get(), run(once, Expect.absent()));
        assertEquals(List.of("create", "create"), once.calls);

        Scripted never = new Scripted();
        for (int i = 0; i < 3; i++) {
            never.outcomes.add(Optional.empty());
        }
        StoreException e = assertThrows(StoreException.class, () -> run(never, Expect.version(2)));
        assertEquals(
                "write " + KEY + " gave up after 3 attempts: the record changed under every one of them",
                e.getMessage());
        assertFalse(e.retryable());
        assertEquals(3, never.calls.size());
    }

    @Test
    void aSnapshotReadsOnceWhenFirstAskedFor() {
        List<String> reads = new ArrayList<>();
        Snapshot<String> snapshot = new Snapshot<>(() -> {
            reads.add("read");
            return "row";
        });
        assertFalse(snapshot.isRead());
        assertTrue(reads.isEmpty());
        assertEquals("row", snapshot.get());
        assertEquals("row", snapshot.get());
        assertTrue(snapshot.isRead());
        assertEquals(List.of("read"), reads);
    }
}
