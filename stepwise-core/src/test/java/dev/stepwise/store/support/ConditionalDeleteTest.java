package dev.stepwise.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConditionalDeleteTest {

    private static final StoreKey KEY = StoreKey.session("s1");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** One stored record (or none), removed by the fake's conditional removal like a backend would. */
    private static final class OneRecord implements ConditionalDelete.Steps<Stored> {
        Stored record;
        final List<String> calls = new ArrayList<>();

        OneRecord(Stored record) {
            this.record = record;
        }

        @Override
        public Optional<Stored> remove(StoreKey key, OptionalLong expectedVersion, Instant now) {
            calls.add("remove " + expectedVersion);
            if (record == null
                    || expectedVersion.isPresent()
                            && (record.version() != expectedVersion.getAsLong()
                                    || !record.expiresAt().isAfter(now))) {
                return Optional.empty();
            }
            Stored removed = record;
            record = null;
            return Optional.of(removed);
        }

        @Override
        public void removeItems(StoreKey key, Stored removed) {
            calls.add("remove items of v" + removed.version());
        }

        @Override
        public boolean wasLive(Stored removed, Instant now) {
            return removed.expiresAt().isAfter(now);
        }

        @Override
        public Optional<Stored> readLive(StoreKey key) {
            calls.add("read");
            return Optional.ofNullable(record).filter(r -> r.expiresAt().isAfter(NOW));
        }
    }

    private static Stored record(long version, Instant expiresAt) {
        return new Stored(KEY, new byte[0], version, RecordAttributes.NONE, NOW.minusSeconds(60), expiresAt);
    }

    private static DeleteResult delete(OneRecord steps, Expect expect) {
        return new ConditionalDelete<>(steps, CLOCK).delete(KEY, expect);
    }

    @Test
    void aMatchingVersionRemovesTheRecordThenItsItems() {
        OneRecord steps = new OneRecord(record(3, NOW.plusSeconds(60)));
        assertEquals(new DeleteResult.Deleted(true), delete(steps, Expect.version(3)));
        assertEquals(List.of("remove OptionalLong[3]", "remove items of v3"), steps.calls);
    }

    @Test
    void anotherVersionIsAConflictCarryingTheLiveRecord() {
        Stored live = record(4, NOW.plusSeconds(60));
        OneRecord steps = new OneRecord(live);
        assertEquals(new DeleteResult.Conflict(Optional.of(live)), delete(steps, Expect.version(3)));
        assertEquals(List.of("remove OptionalLong[3]", "read"), steps.calls, "nothing removed");
    }

    @Test
    void anyRemovesWhateverIsThereAndSaysWhetherItWasLive() {
        OneRecord live = new OneRecord(record(4, NOW.plusSeconds(60)));
        assertEquals(new DeleteResult.Deleted(true), delete(live, Expect.any()));

        OneRecord expired = new OneRecord(record(4, NOW.minusSeconds(1)));
        assertEquals(new DeleteResult.Deleted(false), delete(expired, Expect.any()));
        assertEquals(List.of("remove OptionalLong.empty", "remove items of v4"), expired.calls, "its items go too");

        OneRecord none = new OneRecord(null);
        assertEquals(new DeleteResult.Deleted(false), delete(none, Expect.any()));
        assertEquals(List.of("remove OptionalLong.empty"), none.calls);
    }

    @Test
    void absentIsRefusedBeforeAnythingRuns() {
        OneRecord steps = new OneRecord(record(1, NOW.plusSeconds(60)));
        assertThrows(IllegalArgumentException.class, () -> delete(steps, Expect.absent()));
        assertEquals(List.of(), steps.calls);
    }
}
