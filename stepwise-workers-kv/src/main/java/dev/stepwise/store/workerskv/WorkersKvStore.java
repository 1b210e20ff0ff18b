package dev.stepwise.store.workerskv;

import dev.stepwise.json.Json;
import dev.stepwise.store.KvStore;
import dev.stepwise.store.KvStores;
import dev.stepwise.store.VersionedStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A {@link KvStore} in a Cloudflare Workers KV namespace: each entry is one KV key holding the
 * entry's JSON. Use it through {@link #versioned()} (the core's {@link KvStores#versioned(KvStore)}
 * adapter), which keeps compare-and-set, versions and item logs correct <b>inside one JVM</b>.
 *
 * <p><b>Single writer only.</b> KV has no conditional write and is eventually consistent (a write
 * can take up to a minute to be seen from other locations), so two processes writing one
 * namespace can lose each other's updates. Run one Stepwise process per namespace. Record
 * entries are written with KV's own expiry (at least 60 s, KV's floor), so abandoned sessions
 * disappear from the namespace; item entries are kept until their session's key is written or
 * deleted again. Keys longer than KV's 512-byte limit are stored under their SHA-256.
 */
public final class WorkersKvStore implements KvStore {

    private final WorkersKvClient client;
    private final Clock clock;

    public WorkersKvStore(WorkersKvClient client) {
        this(client, Clock.systemUTC());
    }

    /** {@code clock} turns an entry's expiry instant into KV's {@code expiration_ttl}. */
    public WorkersKvStore(WorkersKvClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A versioned store over this KV namespace (single writer: see the class documentation). */
    public VersionedStore versioned() {
        return KvStores.versioned(this, clock);
    }

    @Override
    public Optional<JsonNode> get(String key) {
        return client.get(Names.of(key)).map(Json::parse);
    }

    @Override
    public void set(String key, JsonNode value) {
        client.put(Names.of(key), Json.bytes(value), Optional.empty());
    }

    /** Sets {@code key} with KV's expiry at {@code expiresAt} (or 60 s from now, whichever is later). */
    @Override
    public void set(String key, JsonNode value, Instant expiresAt) {
        Duration ttl = Duration.between(clock.instant(), expiresAt);
        client.put(Names.of(key), Json.bytes(value), Optional.of(ttl.isNegative() ? Duration.ZERO : ttl));
    }

    @Override
    public void delete(String key) {
        client.delete(Names.of(key));
    }
}
