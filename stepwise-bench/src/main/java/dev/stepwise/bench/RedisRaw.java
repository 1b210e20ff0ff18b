package dev.stepwise.bench;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The raw Redis baseline over one shared Lettuce connection (as the store uses): a read is one
 * {@code HGETALL} of the record hash; a write is one Lua script (by {@code EVALSHA}) that checks
 * the version, {@code HSET}s version and value, {@code ZADD}s the items to the record's sorted set
 * and sets {@code PEXPIRE} on both. Keys share a hash tag, so it runs unchanged on a cluster.
 */
final class RedisRaw implements RawStore {

    private static final String SCRIPT = String.join(
            "\n",
            "local v = redis.call('HGET', KEYS[1], 'v')",
            "local expect = tonumber(ARGV[1])",
            "if expect < 0 then if v then return 0 end",
            "elseif (not v) or tonumber(v) ~= expect then return 0 end",
            "redis.call('HSET', KEYS[1], 'v', expect + 1, 'd', ARGV[2])",
            "redis.call('PEXPIRE', KEYS[1], ARGV[3])",
            "for i = 4, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end",
            "if #ARGV >= 4 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end",
            "return 1");

    private final AbstractRedisClient client;
    private final AutoCloseable connection;
    private final RedisClusterCommands<byte[], byte[]> redis;
    private final String sha;
    private final String prefix;

    private RedisRaw(
            AbstractRedisClient client,
            AutoCloseable connection,
            RedisClusterCommands<byte[], byte[]> redis,
            String prefix) {
        this.client = client;
        this.connection = connection;
        this.redis = redis;
        this.prefix = prefix;
        this.sha = redis.scriptLoad(SCRIPT.getBytes(StandardCharsets.UTF_8));
    }

    static RedisRaw standalone(String uri, String prefix) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
        return new RedisRaw(client, connection, connection.sync(), prefix);
    }

    static RedisRaw cluster(List<String> seeds, String prefix) {
        RedisClusterClient client =
                RedisClusterClient.create(seeds.stream().map(RedisURI::create).toList());
        StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
        // load the script on every master: EVALSHA goes to the key's node
        connection.sync().upstream().commands().scriptLoad(SCRIPT.getBytes(StandardCharsets.UTF_8));
        return new RedisRaw(client, connection, connection.sync(), prefix);
    }

    private byte[] key(String id, String suffix) {
        return (prefix + "{" + id + "}:" + suffix).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public RawRecord read(String id) {
        Map<byte[], byte[]> hash = redis.hgetall(key(id, "r"));
        if (hash.isEmpty()) {
            return null;
        }
        byte[] version = null;
        byte[] value = null;
        for (Map.Entry<byte[], byte[]> e : hash.entrySet()) {
            if (e.getKey().length == 1 && e.getKey()[0] == 'v') {
                version = e.getValue();
            } else if (e.getKey().length == 1 && e.getKey()[0] == 'd') {
                value = e.getValue();
            }
        }
        return new RawRecord(Long.parseLong(new String(version, StandardCharsets.US_ASCII)), value);
    }

    @Override
    public boolean write(String id, long expectVersion, byte[] value, Duration ttl, long firstSeq, List<byte[]> items) {
        List<byte[]> args = new ArrayList<>(3 + 2 * items.size());
        args.add(Long.toString(expectVersion).getBytes(StandardCharsets.US_ASCII));
        args.add(value);
        args.add(Long.toString(ttl.toMillis()).getBytes(StandardCharsets.US_ASCII));
        long seq = firstSeq;
        for (byte[] item : items) {
            args.add(Long.toString(seq++).getBytes(StandardCharsets.US_ASCII));
            args.add(item);
        }
        Long result = redis.evalsha(
                sha, ScriptOutputType.INTEGER, new byte[][] {key(id, "r"), key(id, "i")}, args.toArray(byte[][]::new));
        return result != null && result == 1L;
    }

    @Override
    public String describe() {
        return "HGETALL of the record hash; EVALSHA of a Lua script: HGET version, compare, HSET version+value,"
                + " PEXPIRE, ZADD items, PEXPIRE (one round trip each, one shared Lettuce connection)";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            System.err.println("closing the raw Redis connection failed: " + e);
        }
        client.shutdown();
    }
}
