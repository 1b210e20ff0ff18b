package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.tck.Services;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@code redis-sentinel://} URI finds the master through a private Sentinel and stores there. */
class RedisSentinelTest {

    @Test
    void aSentinelUriReachesTheMasterItNames() {
        Services.assume("Redis", RedisServerProcess.binary() != null, "redis-server is not on the PATH");
        try (RedisServerProcess master = RedisServerProcess.start();
                RedisServerProcess sentinel = RedisServerProcess.startSentinel("stepwise-master", master.port());
                VersionedStore store = StoreProviders.open("redis-sentinel://127.0.0.1:" + sentinel.port()
                        + "?sentinelMasterId=stepwise-master&keyPrefix=sentinel-test:")) {
            StoreKey key = StoreKey.session("via-sentinel");
            WriteResult result = store.write(Write.of(key, new byte[] {7}, Expect.absent(), Duration.ofMinutes(5)));
            assertEquals(WriteResult.Written.class, result.getClass());
            assertArrayEquals(new byte[] {7}, store.read(key).orElseThrow().value());
            assertEquals(
                    2,
                    Namespaces.keys(List.of(master.uri()), false, "sentinel-test:")
                            .size(),
                    "the record and its index are on the master");
        }
    }
}
