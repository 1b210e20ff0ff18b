package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The admission count: never above its limit under racing requests, back to zero, and drained. */
class InFlightRequestsTest {

    @Test
    void racingRequestsNeverExceedTheLimitAndTheCountReturnsToZero() throws Exception {
        InFlightRequests filter = new InFlightRequests(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        FilterChain chain = (req, res) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.yield();
            running.decrementAndGet();
            served.incrementAndGet();
        };
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 12; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        Response response = new Response();
                        filter.doFilter(post(), response.proxy(), chain);
                        if (response.status == 503) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        assertEquals(24_000, served.get() + refused.get(), "every request served or refused");
        assertEquals(0, filter.inFlight());
        assertTrue(filter.drain(Duration.ofSeconds(1)), "nothing left to wait for");
    }

    @Test
    void drainWaitsForTheRunningRequestAndRefusesNewOnes() throws Exception {
        InFlightRequests filter = new InFlightRequests(8);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(() -> {
                filter.doFilter(post(), new Response().proxy(), (req, res) -> {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                return null;
            });
            assertTrue(entered.await(30, TimeUnit.SECONDS));

            assertFalse(filter.drain(Duration.ofMillis(50)), "the running request has not finished");
            assertTrue(filter.draining());
            Response late = new Response();
            filter.doFilter(post(), late.proxy(), (req, res) -> {
                throw new AssertionError("a request admitted while draining");
            });
            assertEquals(503, late.status);
            assertTrue(late.body().contains("shutting down"), late.body());

            CompletableFuture<Boolean> drained = new CompletableFuture<>();
            Thread drainer = new Thread(() -> {
                try {
                    drained.complete(filter.drain(Duration.ofSeconds(60)));
                } catch (InterruptedException e) {
                    drained.completeExceptionally(e);
                }
            });
            drainer.start();
            // the request ends only once the drainer waits: its end must wake the drainer
            while (drainer.getState() != Thread.State.TIMED_WAITING) {
                assertTrue(drainer.isAlive(), "the drainer returned while the request ran");
                Thread.onSpinWait();
            }
            long released = System.nanoTime();
            release.countDown();
            running.get(30, TimeUnit.SECONDS);
            assertTrue(drained.get(30, TimeUnit.SECONDS), "drain returns once the request finished");
            assertTrue(
                    System.nanoTime() - released < TimeUnit.SECONDS.toNanos(20),
                    "the request's end woke the drainer; it did not wait out its timeout");
            assertEquals(0, filter.inFlight());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static HttpServletRequest post() {
        return (HttpServletRequest) Proxy.newProxyInstance(
                InFlightRequestsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "POST";
                    case "isAsyncStarted" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The parts of a response the refusal writes. */
    private static final class Response {
        int status = 200;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        String body() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}

                @Override
                public void write(int b) {
                    bytes.write(b);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    InFlightRequestsTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "isCommitted" -> false;
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "getOutputStream" -> out;
                        case "resetBuffer", "setHeader", "setContentType", "setContentLength" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
