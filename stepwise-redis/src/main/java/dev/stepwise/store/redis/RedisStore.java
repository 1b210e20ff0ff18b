package dev.stepwise.store.redis;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.support.ExpectSwitch;
import io.lettuce.core.Range;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link VersionedStore} on Redis through Lettuce: standalone, Sentinel or Redis Cluster.
 *
 * <h2>Layout</h2>
 * Each record is a hash holding its value, version, attributes, updatedAt, expiresAt and the highest
 * item seq appended (so the seq check of a write reads no log); its item log is a
 * sorted set scored by seq. Records are spread over 64 buckets per kind by a SHA-1 of the
 * id; the bucket is the key's hash tag ({@code PREFIX{session:2a}:r:SHA1}), so a record, its log
 * and the bucket's listing index (a sorted set of ids) live in one cluster slot, and one Lua script
 * changes them together. Ids of any content and length give keys of bounded length; the full id is
 * kept in the hash and checked on every access. Trade-off: a kind occupies 64 slots, so at most
 * 64 masters share one kind's records; ample for millions of records, not for balancing hundreds
 * of masters.
 *
 * <h2>Round trips</h2>
 * {@link #read} is one {@code HGETALL}; {@link #readAll} sends one per key at once (pipelined,
 * one round trip). {@link #write} and {@link #delete} are one {@code EVALSHA} each: the condition
 * check, the value, the attributes, the expiry ({@code PEXPIRE} on record and log), the items and
 * the index entry in one atomic script; a second round trip ({@code EVAL}) happens only when a
 * node does not know the script yet. {@link #readItems} is one script, {@link #trimItems} one
 * {@code ZREMRANGEBYSCORE}. {@link #list} needs one pipelined round of 64 small scripts, plus
 * rounds for the buckets that hold up the merge (rare for unfiltered listings).
 *
 * <h2>Time and expiry</h2>
 * updatedAt and expiresAt come from this store's {@link Clock} (not Redis {@code TIME}), and a
 * record is visible only while that clock is before its expiresAt; Redis also removes the keys by
 * itself after the write's TTL ({@code PEXPIRE}, by Redis' clock). Clients of one prefix should run
 * on synchronized clocks. Every write refreshes the expiry of the record and its log (sliding).
 *
 * <h2>Listing consistency</h2>
 * Listing reads the bucket indexes, not {@code SCAN}: {@code SCAN} has no order, may return a key
 * twice and guarantees only keys present for the whole iteration, which cannot give the ordered
 * keyset pages the SPI promises. Each bucket's part of a page is consistent (one script), but a
 * page spans buckets read at different moments: it is not a snapshot. What holds: ids are in
 * ascending {@link String#compareTo} order, never repeated within a walk; a record that exists,
 * matches and stays live for the whole walk is returned exactly once; records created, deleted or
 * changed during the walk may or may not appear. Pages are full while more matches remain. Index
 * entries of records Redis has expired are skipped, and removed lazily by listings and by creates
 * in the same bucket (each create checks two random entries of its bucket; creates are what grow
 * an index, and an update leaves the index alone: a record key that exists always has its entry).
 * Needs Redis 6.2+.
 *
 * <h2>Failures</h2>
 * Connection loss, timeouts, {@code CLUSTERDOWN}, {@code LOADING}, {@code BUSY}, {@code READONLY}
 * (failover in progress) raise {@link dev.stepwise.store.StoreUnavailableException}. Every write
 * is one script, so it is applied entirely or not at all; a write that timed out may still have
 * been applied (read again before retrying). The connection reconnects by itself; the same store
 * instance works again once Redis is back. Commands are sent at most once (never replayed after
 * a reconnect). In a cluster, MOVED/ASK redirects and topology changes are followed by Lettuce.
 *
 * <p>Thread-safe; one multiplexed connection (per node in a cluster) serves all threads.
 */
public final class RedisStore implements VersionedStore {

    // Constant script arguments; Lettuce only reads argument arrays, so they can be shared.
    private static final byte[] NULL_ATTRIBUTE = {'-'};
    private static final byte[] MODE_VERSION = {'v'};
    private static final byte[] MODE_ABSENT = {'a'};
    private static final byte[] MODE_ANY = {'*'};
    private static final byte[] ZERO = {'0'};

    private final Context context;
    private final Clock clock;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisStore(Context context, Clock clock, String description) {
        this.context = context;
        this.clock = clock;
        this.description = description;
    }

    /** A builder for a standalone or Sentinel store ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}). */
    public static Builder builder(String uri) {
        return new Builder(List.of(RedisUris.parse(uri)), false);
    }

    /** A builder for a standalone or Sentinel store. */
    public static Builder builder(RedisURI uri) {
        return new Builder(List.of(Objects.requireNonNull(uri, "uri")), false);
    }

    /** A builder for a Redis Cluster store reached through these seed nodes ({@code redis://host:port}). */
    public static Builder cluster(List<String> seeds) {
        if (seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster store needs at least one seed URI");
        }
        return new Builder(seeds.stream().map(RedisUris::parse).toList(), true);
    }

    /** The key prefix of this store's keys. */
    public String keyPrefix() {
        return context.layout().prefix();
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        KeyLayout.RecordKeys keys = keys(key);
        Map<byte[], byte[]> raw = context.calls()
                .await("reading ", key, redis().hgetall(keys.record()).toCompletableFuture());
        return decodeLive(key, keys, raw, clock.instant());
    }

    @Override
    public Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        checkOpen();
        List<StoreKey> list = new ArrayList<>(new LinkedHashSet<>(keys));
        List<KeyLayout.RecordKeys> layouts = list.stream().map(this::keys).toList();
        List<CompletableFuture<Map<byte[], byte[]>>> calls = layouts.stream()
                .map(k -> redis().hgetall(k.record()).toCompletableFuture())
                .toList();
        List<Map<byte[], byte[]>> replies = context.calls().awaitAll("reading " + list.size() + " records", calls);
        Instant now = clock.instant();
        Map<StoreKey, Stored> found = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            StoreKey key = list.get(i);
            decodeLive(key, layouts.get(i), replies.get(i), now).ifPresent(s -> found.put(key, s));
        }
        return found;
    }

    @Override
    public WriteResult write(Write write) {
        KeyLayout.RecordKeys keys = keys(write.key());
        Instant now = clock.instant();
        Instant expiresAt = expiresAt(now, write.ttl());
        List<Item> items = write.items();
        byte[][] args = new byte[13 + 2 * items.size()][];
        args[0] = keys.member();
        expect(args, 1, write.expect());
        args[3] = num(Versions.initial());
        args[4] = num(now.getEpochSecond());
        args[5] = num(now.getNano());
        args[6] = write.value();
        args[7] = num(ttlMillis(write.ttl()));
        args[8] = num(expiresAt.getEpochSecond());
        args[9] = num(expiresAt.getNano());
        args[10] = attribute(write.attributes().flowId());
        args[11] = attribute(write.attributes().status());
        args[12] = attribute(write.attributes().userId());
        int at = 13;
        for (Item item : items) {
            args[at++] = num(item.seq());
            args[at++] = ItemCodec.encode(item);
        }
        List<Object> reply = run(context.scripts().write(), "writing ", write.key(), keys, args);
        long code = (Long) reply.get(0);
        if (code == 1) {
            return new WriteResult.Written(Long.parseLong(text(reply.get(1))), expiresAt);
        }
        if (code == 0) {
            return new WriteResult.Conflict(conflictRecord(write.key(), keys, reply));
        }
        throw scriptRefusal(write.key(), keys, reply);
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        Expect.forDelete(expect);
        KeyLayout.RecordKeys keys = keys(key);
        Instant now = clock.instant();
        byte[][] args = new byte[5][];
        args[0] = keys.member();
        expect(args, 1, expect);
        args[3] = num(now.getEpochSecond());
        args[4] = num(now.getNano());
        List<Object> reply = run(context.scripts().delete(), "deleting ", key, keys, args);
        long code = (Long) reply.get(0);
        if (code == 1) {
            return new DeleteResult.Deleted((Long) reply.get(1) == 1);
        }
        if (code == 0) {
            return new DeleteResult.Conflict(conflictRecord(key, keys, reply));
        }
        throw scriptRefusal(key, keys, reply);
    }

    @Override
    public Page list(ListQuery query) {
        checkOpen();
        return new ListingMerge(context, query, clock.instant()).page();
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        KeyLayout.RecordKeys keys = keys(key);
        Instant now = clock.instant();
        List<Object> reply = context.calls()
                .await(
                        "reading the items of ",
                        key,
                        context.scripts()
                                .items()
                                .run(
                                        redis(),
                                        new byte[][] {keys.record(), keys.items()},
                                        keys.member(),
                                        num(now.getEpochSecond()),
                                        num(now.getNano()),
                                        ascii(window.last() ? "last" : "after"),
                                        num(window.afterSeq()),
                                        num(window.limit())));
        List<Item> items = new ArrayList<>(reply.size());
        for (Object raw : reply) {
            items.add(ItemCodec.decode((byte[]) raw, keys::location));
        }
        return items;
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        KeyLayout.RecordKeys keys = keys(key);
        context.calls()
                .await(
                        "trimming the items of ",
                        key,
                        redis().zremrangebyscore(
                                        keys.items(),
                                        Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(beforeSeq)))
                                .toCompletableFuture());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            context.backend().close();
        }
    }

    @Override
    public String toString() {
        return "RedisStore[" + description + ", prefix '" + keyPrefix() + "']";
    }

    private KeyLayout.RecordKeys keys(StoreKey key) {
        checkOpen();
        return context.layout().keys(Objects.requireNonNull(key, "key"));
    }

    private RedisClusterAsyncCommands<byte[], byte[]> redis() {
        return context.redis();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the Redis store " + description + " is closed");
        }
    }

    private List<Object> run(
            LuaScript script, String verb, StoreKey subject, KeyLayout.RecordKeys keys, byte[][] args) {
        return context.calls().await(verb, subject, script.run(redis(), keys.all(), args));
    }

    private Optional<Stored> decodeLive(StoreKey key, KeyLayout.RecordKeys keys, Map<byte[], byte[]> raw, Instant now) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        RecordCodec.Fields fields = RecordCodec.Fields.of(raw);
        if (fields.id != null && !Arrays.equals(fields.id, keys.member())) {
            return Optional.empty();
        }
        Stored stored = RecordCodec.decode(key, keys::location, fields);
        return RecordCodec.live(stored, now) ? Optional.of(stored) : Optional.empty();
    }

    private Optional<Stored> conflictRecord(StoreKey key, KeyLayout.RecordKeys keys, List<Object> reply) {
        if (reply.size() <= 1) {
            return Optional.empty();
        }
        return Optional.of(RecordCodec.decode(key, keys::location, RecordCodec.Fields.of(reply, 1)));
    }

    private static RuntimeException scriptRefusal(StoreKey key, KeyLayout.RecordKeys keys, List<Object> reply) {
        long code = (Long) reply.get(0);
        if (code == 2) {
            return new IllegalArgumentException("items of a write to " + key + " must have seqs above the last"
                    + " stored seq " + text(reply.get(1)) + "; nothing was written");
        }
        if (code == 3) {
            return new StoreException("record " + key + " cannot be stored: its key " + keys.location()
                    + " is held by another id with the same SHA-1");
        }
        if (code == 4) {
            return new CorruptRecordException(keys.location(), text(reply.get(1)));
        }
        return new StoreException("unexpected reply " + code + " from Redis for " + key);
    }

    /** Puts the mode and the expected version at {@code args[at]} and {@code args[at + 1]}. */
    private static void expect(byte[][] args, int at, Expect expect) {
        byte[][] condition = ExpectSwitch.on(
                expect,
                () -> new byte[][] {MODE_ABSENT, ZERO},
                expected -> new byte[][] {MODE_VERSION, num(expected)},
                () -> new byte[][] {MODE_ANY, ZERO});
        args[at] = condition[0];
        args[at + 1] = condition[1];
    }

    /** Longest TTL accepted: far beyond any session, far below overflow. */
    private static final Duration MAX_TTL = Duration.ofDays(365L * 1000);

    private static Instant expiresAt(Instant now, Duration ttl) {
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException(
                    "ttl " + ttl + " is longer than the " + MAX_TTL.toDays() + " days the Redis store accepts");
        }
        return now.plus(ttl);
    }

    private static long ttlMillis(Duration ttl) {
        long millis = ttl.toMillis();
        return ttl.equals(Duration.ofMillis(millis)) ? Math.max(1, millis) : millis + 1;
    }

    private static byte[] attribute(String value) {
        if (value == null) {
            return NULL_ATTRIBUTE;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = '+';
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }

    private static byte[] num(long n) {
        return ascii(Long.toString(n));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(Object raw) {
        return new String((byte[]) raw, StandardCharsets.UTF_8);
    }

    /** What the store's parts share. */
    record Context(RedisBackend backend, KeyLayout layout, Scripts scripts, Calls calls) {
        RedisClusterAsyncCommands<byte[], byte[]> redis() {
            return backend.async();
        }
    }

    /**
     * Configures a {@link RedisStore}. Defaults: key prefix {@code "stepwise:"}, the UTC system
     * clock, 2 s command timeout, 2 s connect timeout.
     */
    public static final class Builder {

        private final List<RedisURI> uris;
        private final boolean cluster;
        private String keyPrefix = "stepwise:";
        private Clock clock = Clock.systemUTC();
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration connectTimeout = Duration.ofSeconds(2);

        private Builder(List<RedisURI> uris, boolean cluster) {
            this.uris = List.copyOf(uris);
            this.cluster = cluster;
        }

        /**
         * Prefix of every key the store writes; stores with different prefixes never see each
         * other's records. Must not contain braces (the store places its own hash tags).
         */
        public Builder keyPrefix(String value) {
            KeyLayout.checkPrefix(value);
            this.keyPrefix = value;
            return this;
        }

        /** The clock for updatedAt, expiresAt and expiry checks. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How long one command may take before the call fails with StoreUnavailableException. */
        public Builder commandTimeout(Duration value) {
            this.commandTimeout = positive(value, "command timeout");
            return this;
        }

        /** How long opening a connection may take. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connect timeout");
            return this;
        }

        /**
         * Connects and returns the store.
         *
         * @throws dev.stepwise.store.StoreUnavailableException when Redis cannot be reached
         */
        public RedisStore build() {
            String description = cluster
                    ? "cluster "
                            + String.join(
                                    ",", uris.stream().map(RedisUris::describe).toList())
                    : RedisUris.describe(uris.get(0));
            RedisBackend backend;
            try {
                backend = cluster
                        ? RedisBackend.cluster(uris, commandTimeout, connectTimeout)
                        : RedisBackend.standalone(uris.get(0), commandTimeout, connectTimeout);
            } catch (RuntimeException e) {
                throw Failures.map("connecting to Redis " + description, e);
            }
            Calls calls = new Calls(commandTimeout);
            try {
                ServerVersion.require(calls.await(
                        "asking Redis " + description + " for its version",
                        backend.async().info("server").toCompletableFuture()));
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
            Context context = new Context(backend, new KeyLayout(keyPrefix), Scripts.load(), calls);
            return new RedisStore(context, clock, description);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
