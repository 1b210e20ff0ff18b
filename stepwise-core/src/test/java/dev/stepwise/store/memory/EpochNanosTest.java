package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EpochNanosTest {

    @Test
    void anInstantFrom1677To2262ReadsBackExactlyAndInTheSameOrder() {
        Random random = new Random(7);
        long first = Instant.parse("1677-09-22T00:00:00Z").getEpochSecond();
        long last = Instant.parse("2262-04-10T00:00:00Z").getEpochSecond();
        Instant previous = null;
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    first + (long) (random.nextDouble() * (last - first)), random.nextInt(1_000_000_000));
            assertEquals(instant, EpochNanos.instant(EpochNanos.of(instant)));
            if (previous != null) {
                assertEquals(
                        Integer.signum(previous.compareTo(instant)),
                        Long.signum(Long.compare(EpochNanos.of(previous), EpochNanos.of(instant))));
            }
            previous = instant;
        }
        for (Instant edge :
                new Instant[] {Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999), Instant.ofEpochSecond(0, 1)}) {
            assertEquals(edge, EpochNanos.instant(EpochNanos.of(edge)));
        }
    }

    @Test
    void anInstantPast2262IsNeverReachedAndReadsBackAsTheLastInstant() {
        for (Instant late : new Instant[] {Instant.parse("2263-01-01T00:00:00Z"), Instant.MAX}) {
            assertEquals(EpochNanos.NEVER, EpochNanos.of(late));
            assertEquals(Instant.MAX, EpochNanos.instant(EpochNanos.of(late)));
        }
        assertEquals(Long.MIN_VALUE, EpochNanos.of(Instant.MIN));
    }
}
