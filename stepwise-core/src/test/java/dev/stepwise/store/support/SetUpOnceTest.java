package dev.stepwise.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SetUpOnceTest {

    @Test
    void setsUpOnFirstUseOnlyAndThenReturnsTheSameValue() {
        AtomicInteger runs = new AtomicInteger();
        SetUpOnce<String> once = SetUpOnce.of(() -> "schema " + runs.incrementAndGet());
        assertEquals(0, runs.get(), "building it touches nothing");
        assertEquals(Optional.empty(), once.ifReady());
        assertEquals("schema 1", once.get());
        assertEquals("schema 1", once.get());
        assertEquals(Optional.of("schema 1"), once.ifReady());
        assertEquals(1, runs.get());
    }

    @Test
    void aFailedSetUpIsTriedAgainByTheNextCall() {
        AtomicInteger runs = new AtomicInteger();
        IllegalStateException down = new IllegalStateException("backend down");
        SetUpOnce<Integer> once = SetUpOnce.of(() -> {
            if (runs.incrementAndGet() == 1) {
                throw down;
            }
            return runs.get();
        });
        assertSame(down, assertThrows(IllegalStateException.class, once::get));
        assertEquals(Optional.empty(), once.ifReady());
        assertEquals(2, once.get());
    }

    @Test
    void concurrentFirstCallsRunTheSetUpOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch inSetUp = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SetUpOnce<Boolean> once = SetUpOnce.ofAction(() -> {
            runs.incrementAndGet();
            inSetUp.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> calls = new ArrayList<>();
            calls.add(pool.submit(once::get));
            inSetUp.await();
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(once::get));
            }
            release.countDown();
            for (Future<Boolean> call : calls) {
                assertTrue(call.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, runs.get());
    }

    @Test
    void closeReturnsWhatToTearDownAndNoSetUpRunsAfterIt() {
        SetUpOnce<String> used = SetUpOnce.of(() -> "pool");
        used.get();
        assertEquals(Optional.of("pool"), used.close());
        assertEquals(Optional.of("pool"), used.close(), "closing again says the same");

        AtomicInteger runs = new AtomicInteger();
        SetUpOnce<String> unused = SetUpOnce.of(() -> "pool " + runs.incrementAndGet());
        assertEquals(Optional.empty(), unused.close());
        assertThrows(IllegalStateException.class, unused::get);
        assertEquals(0, runs.get());
    }

    @Test
    void aSetUpReturningNullIsAnError() {
        SetUpOnce<String> once = SetUpOnce.of(() -> null);
        assertThrows(NullPointerException.class, once::get);
    }
}
