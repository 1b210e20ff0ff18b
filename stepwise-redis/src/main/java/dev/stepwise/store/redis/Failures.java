package dev.stepwise.store.redis;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns what Lettuce throws into the store's exceptions: anything that says "Redis is unreachable,
 * busy, loading, failing over or too slow" becomes a retryable {@link StoreUnavailableException};
 * any other server error a plain {@link StoreException}. No Lettuce exception escapes the store.
 */
final class Failures {

    /** Server error prefixes that mean "try again later". */
    private static final List<String> TRANSIENT =
            List.of("CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "READONLY", "LOADING", "BUSY", "OOM", "NOREPLICAS");

    private Failures() {}

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static StoreException map(String what, Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof StoreException s) {
            return s;
        }
        if (e instanceof InterruptedException || e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException(what + " was interrupted", e);
        }
        if (e instanceof RedisCommandTimeoutException || e instanceof TimeoutException) {
            return new StoreUnavailableException(
                    what + " timed out waiting for Redis; a write that"
                            + " timed out may or may not have been applied, but never partly",
                    e);
        }
        if (e instanceof RedisConnectionException) {
            return new StoreUnavailableException(what + " failed: cannot connect to Redis (" + e.getMessage() + ")", e);
        }
        if (e instanceof RedisBusyException || e instanceof RedisLoadingException) {
            return new StoreUnavailableException(what + " failed: Redis is busy (" + e.getMessage() + ")", e);
        }
        if (e instanceof RedisCommandExecutionException) {
            String message = String.valueOf(e.getMessage());
            for (String prefix : TRANSIENT) {
                if (message.startsWith(prefix)) {
                    return new StoreUnavailableException(what + " failed: Redis answered " + message, e);
                }
            }
            if (message.startsWith("MOVED") || message.startsWith("ASK")) {
                return new StoreException(
                        what + " failed: Redis answered " + message + "; the server is a"
                                + " Redis Cluster node: open it with redis-cluster:// or RedisStore.cluster(...)",
                        e);
            }
            if (message.contains("CORRUPT ")) {
                return new CorruptRecordException(what, message.substring(message.indexOf("CORRUPT ") + 8), e);
            }
            return new StoreException(what + " failed: Redis answered " + message, e);
        }
        if (e instanceof RedisException) {
            // Lettuce's own "Connection closed", "Connection disconnected", "Currently not connected".
            return new StoreUnavailableException(what + " failed: Redis connection lost (" + e.getMessage() + ")", e);
        }
        if (e instanceof IOException) {
            return new StoreUnavailableException(what + " failed: " + e.getMessage(), e);
        }
        return new StoreException(what + " failed: " + e, e);
    }
}
