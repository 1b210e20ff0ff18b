package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.store.RecordKind;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    /** The order the index depends on, spelled as plainly as possible. */
    private static final Comparator<Expiry> REFERENCE =
            Comparator.comparing(Expiry::at).thenComparing(Expiry::kind).thenComparing(Expiry::id);

    @Test
    void ordersByTimeThenKindThenIdAndIsZeroOnlyForEqualPositions() {
        Random random = new Random(11);
        RecordKind[] kinds = RecordKind.values();
        for (int i = 0; i < 100_000; i++) {
            Expiry a = random(random, kinds);
            Expiry b = random.nextInt(10) == 0 ? new Expiry(a.at(), a.kind(), a.id()) : random(random, kinds);
            assertEquals(Integer.signum(REFERENCE.compare(a, b)), Integer.signum(a.compareTo(b)), a + " vs " + b);
            assertEquals(a.equals(b), a.compareTo(b) == 0, a + " vs " + b);
        }
    }

    private static Expiry random(Random random, RecordKind[] kinds) {
        // few distinct values of each part, so ties on the earlier parts are common
        return new Expiry(random.nextInt(3) - 1L, kinds[random.nextInt(kinds.length)], "id" + random.nextInt(3));
    }
}
