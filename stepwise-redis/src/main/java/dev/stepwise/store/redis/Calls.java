package dev.stepwise.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for Lettuce futures, turning failures into store exceptions. */
final class Calls {

    private final long waitMillis;

    /** Lettuce times commands out itself; the wait here only guards against a lost completion. */
    Calls(Duration commandTimeout) {
        this.waitMillis = commandTimeout.multipliedBy(2).plusSeconds(1).toMillis();
    }

    <T> T await(String what, CompletableFuture<T> future) {
        return await(what, "", future);
    }

    /**
     * Waits for one future; a failure is described as {@code verb + subject}, built only then (a
     * description per call was a measurable share of a store call's cost).
     */
    <T> T await(String verb, Object subject, CompletableFuture<T> future) {
        try {
            return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw Failures.map(verb + subject, e);
        } catch (RuntimeException e) {
            throw Failures.map(verb + subject, e);
        }
    }

    /** Waits for every future (sent together, so they share one round trip) and returns the results. */
    <T> List<T> awaitAll(String what, List<CompletableFuture<T>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw Failures.map(what, e);
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
