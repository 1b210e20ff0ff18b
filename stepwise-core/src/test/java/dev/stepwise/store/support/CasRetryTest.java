package dev.stepwise.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CasRetryTest {

    @Test
    void returnsTheFirstSettledOutcomeAndStops() {
        List<Integer> seen = new ArrayList<>();
        Optional<String> out = CasRetry.immediate(5).run(n -> {
            seen.add(n);
            return n == 3 ? Optional.of("won at " + n) : Optional.empty();
        });
        assertEquals(Optional.of("won at 3"), out);
        assertEquals(List.of(1, 2, 3), seen);
    }

    @Test
    void givesUpEmptyAfterMaxAttempts() {
        List<Integer> seen = new ArrayList<>();
        Optional<String> out = CasRetry.of(4, Duration.ofNanos(1000), Duration.ofNanos(5000))
                .run(n -> {
                    seen.add(n);
                    return Optional.empty();
                });
        assertEquals(Optional.empty(), out);
        assertEquals(List.of(1, 2, 3, 4), seen);
    }

    @Test
    void aFailureEndsTheLoopAtOnce() {
        IOException boom = new IOException("down");
        List<Integer> seen = new ArrayList<>();
        IOException thrown =
                assertThrows(IOException.class, () -> CasRetry.immediate(9).run(n -> {
                    seen.add(n);
                    throw boom;
                }));
        assertSame(boom, thrown);
        assertEquals(List.of(1), seen);
    }

    @Test
    void refusesNonsenseConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> CasRetry.immediate(0));
        assertThrows(IllegalArgumentException.class, () -> CasRetry.of(3, Duration.ofMillis(5), Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> CasRetry.of(3, Duration.ofMillis(-1), Duration.ofMillis(1)));
        assertThrows(NullPointerException.class, () -> CasRetry.immediate(2).run(n -> null));
    }

    @Test
    void withMaxAttemptsKeepsTheBackoff() {
        CasRetry r = CasRetry.STORE_DEFAULT.withMaxAttempts(3);
        assertEquals(3, r.maxAttempts());
        assertEquals(CasRetry.STORE_DEFAULT.baseDelay(), r.baseDelay());
        assertEquals(CasRetry.STORE_DEFAULT.maxDelay(), r.maxDelay());
    }
}
