package dev.stepwise.store.redis;

import dev.stepwise.store.tck.MutableClock;
import dev.stepwise.store.tck.Services;
import java.util.List;

/** {@link RedisStoreBehaviourTest} on the Redis server on 127.0.0.1:6379. */
class RedisStandaloneBehaviourTest extends RedisStoreBehaviourTest {

    @Override
    RedisFixture createFixture(MutableClock clock) {
        Services.assumeListening("Redis", "127.0.0.1", 6379);
        return new RedisFixture(List.of(RedisFixture.LOCAL), false, clock);
    }
}
