package dev.stepwise.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreCallsTest {

    /** Stands in for a driver's own exception type. */
    static final class DriverDown extends RuntimeException {
        DriverDown(String message) {
            super(message);
        }
    }

    private final AtomicInteger setUps = new AtomicInteger();
    private final StoreCalls<DriverDown> calls = StoreCalls.of(
            "Test",
            setUps::incrementAndGet,
            DriverDown.class,
            (op, e) -> new StoreUnavailableException(op + ": " + e.getMessage(), e));

    @Test
    void runsTheSetUpBeforeEveryOperationAndReturnsTheResult() {
        assertEquals("v", calls.call("read a", () -> "v"));
        calls.run("trim a", () -> {});
        assertEquals(2, setUps.get());
    }

    @Test
    void translatesOnlyTheDriversFailures() {
        StoreException translated = assertThrows(
                StoreUnavailableException.class,
                () -> calls.call("write a", () -> {
                    throw new DriverDown("connection reset");
                }));
        assertEquals("write a: connection reset", translated.getMessage());
        IllegalStateException own = new IllegalStateException("a bug of ours");
        assertSame(
                own,
                assertThrows(
                        IllegalStateException.class,
                        () -> calls.call("write a", () -> {
                            throw own;
                        })));
    }

    @Test
    void refusesEveryOperationOnceClosedAndClosesOnce() {
        assertTrue(calls.close());
        assertFalse(calls.close());
        StoreException e = assertThrows(StoreException.class, () -> calls.call("read b", () -> "never"));
        assertEquals("Test store is closed (read b)", e.getMessage());
        assertEquals(0, setUps.get());
    }
}
