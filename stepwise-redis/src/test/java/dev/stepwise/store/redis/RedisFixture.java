package dev.stepwise.store.redis;

import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.tck.StoreFixture;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A unique key prefix on a Redis server (standalone) or cluster; every client is a new
 * {@link RedisStore} with its own Lettuce client and connection. Closing shuts the clients down
 * and deletes every key of the prefix.
 */
final class RedisFixture implements StoreFixture {

    static final String LOCAL = "redis://127.0.0.1:6379";

    private final List<String> uris;
    private final boolean cluster;
    private final String prefix = Namespaces.uniquePrefix();
    private final Clock clock;
    private final List<RedisStore> clients = new CopyOnWriteArrayList<>();

    RedisFixture(List<String> uris, boolean cluster, Clock clock) {
        this.uris = uris;
        this.cluster = cluster;
        this.clock = clock;
    }

    static RedisFixture standalone() {
        return new RedisFixture(List.of(LOCAL), false, Clock.systemUTC());
    }

    static RedisFixture cluster() {
        return new RedisFixture(LocalCluster.get().seeds(), true, Clock.systemUTC());
    }

    @Override
    public VersionedStore newClient() {
        return newStore();
    }

    RedisStore newStore() {
        RedisStore.Builder builder = cluster ? RedisStore.cluster(uris) : RedisStore.builder(uris.get(0));
        RedisStore store = builder.keyPrefix(prefix).clock(clock).build();
        clients.add(store);
        return store;
    }

    String prefix() {
        return prefix;
    }

    List<String> keys() {
        return Namespaces.keys(uris, cluster, prefix);
    }

    List<String> uris() {
        return uris;
    }

    boolean isCluster() {
        return cluster;
    }

    @Override
    public void close() {
        clients.forEach(RedisStore::close);
        Namespaces.drop(uris, cluster, prefix);
    }
}
