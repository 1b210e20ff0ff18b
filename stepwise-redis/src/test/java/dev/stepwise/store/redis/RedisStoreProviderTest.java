package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.tck.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening stores from URIs: the accepted forms, options, and errors that never echo a password. */
class RedisStoreProviderTest {

    private final RedisStoreProvider provider = new RedisStoreProvider();

    @Test
    void acceptsTheRedisSchemesOnly() {
        for (String uri : List.of(
                "redis://h:6379",
                "rediss://h",
                "redis-sentinel://h:26379?sentinelMasterId=m",
                "redis-cluster://a:1,b:2",
                "REDIS://h")) {
            assertTrue(provider.accepts(uri), uri);
        }
        for (String uri : List.of("jdbc:postgresql://h/db", "mongodb://h", "redis:", "file:/tmp")) {
            assertFalse(provider.accepts(uri), uri);
        }
    }

    @Test
    void badUrisNameTheProblemWithoutThePassword() {
        IllegalArgumentException noHost =
                assertThrows(IllegalArgumentException.class, () -> provider.open("redis://:hunter2@"));
        assertFalse(noHost.getMessage().contains("hunter2"), noHost.getMessage());

        IllegalArgumentException port = assertThrows(
                IllegalArgumentException.class, () -> provider.open("redis://user:hunter2@localhost:99999"));
        assertFalse(port.getMessage().contains("hunter2"), port.getMessage());
        assertTrue(
                port.getMessage().contains("99999")
                        || port.getMessage().toLowerCase().contains("port"),
                port.getMessage());

        IllegalArgumentException noSeeds =
                assertThrows(IllegalArgumentException.class, () -> provider.open("redis-cluster://:hunter2@/"));
        assertTrue(noSeeds.getMessage().contains("seed"), noSeeds.getMessage());
        assertFalse(noSeeds.getMessage().contains("hunter2"), noSeeds.getMessage());

        IllegalArgumentException braces = assertThrows(
                IllegalArgumentException.class,
                () -> provider.open(
                        "redis://127.0.0.1:1?keyPrefix=" + URLEncoder.encode("a{b}", StandardCharsets.UTF_8)));
        assertTrue(braces.getMessage().contains("'{'"), braces.getMessage());
    }

    @Test
    void clusterUrisSplitIntoSeedsKeepingCredentialsAndOptions() {
        assertEquals(
                List.of("redis://:pw@a:7000/?timeout=3s", "redis://:pw@b:7001/?timeout=3s"),
                RedisUris.clusterSeeds("redis-cluster://:pw@a:7000,b:7001/?timeout=3s"));
        assertEquals(List.of("rediss://a:1"), RedisUris.clusterSeeds("rediss-cluster://a:1"));
    }

    @Test
    void anUnreachableServerIsRetryableAndKeepsThePasswordSecret() {
        int port = freeUnusedPort();
        StoreUnavailableException e = assertThrows(
                StoreUnavailableException.class,
                () -> provider.open("redis://:hunter2@127.0.0.1:" + port + "?timeout=1s"));
        assertTrue(e.retryable());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(StoreUnavailableException.class, () -> RedisStore.cluster(List.of("redis://127.0.0.1:" + port))
                .connectTimeout(Duration.ofMillis(500))
                .build());
    }

    @Test
    void storeProvidersOpensARedisUriWithItsKeyPrefix() {
        Services.assumeListening("Redis", "127.0.0.1", 6379);
        String prefix = Namespaces.uniquePrefix();
        try (VersionedStore store = StoreProviders.open("redis://127.0.0.1:6379/0?keyPrefix="
                + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "&timeout=5s")) {
            RedisStore redis = assertInstanceOf(RedisStore.class, store);
            assertEquals(prefix, redis.keyPrefix());
            store.write(Write.of(StoreKey.session("s"), new byte[] {1}, Expect.absent(), Duration.ofMinutes(1)));
            assertEquals(
                    2,
                    Namespaces.keys(List.of(RedisFixture.LOCAL), false, prefix).size(),
                    "record and index");
        } finally {
            Namespaces.drop(List.of(RedisFixture.LOCAL), false, prefix);
        }
    }

    private static int freeUnusedPort() {
        try {
            return RedisServerProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
