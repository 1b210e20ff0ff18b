package dev.stepwise.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The raw in-memory baseline: a {@link ConcurrentHashMap} of records, each with a version, an
 * expiry and a sorted item log; values and items copied in and out as the memory store does;
 * compare-and-set by {@code compute} on the key.
 */
final class MemoryRaw implements RawStore {

    private record Rec(byte[] value, long version, long expiresAt, ConcurrentSkipListMap<Long, byte[]> items) {}

    private final ConcurrentHashMap<String, Rec> records = new ConcurrentHashMap<>();

    @Override
    public RawRecord read(String id) {
        Rec rec = records.get(id);
        if (rec == null || rec.expiresAt() <= System.currentTimeMillis()) {
            return null;
        }
        return new RawRecord(rec.version(), rec.value().clone());
    }

    @Override
    public boolean write(String id, long expectVersion, byte[] value, Duration ttl, long firstSeq, List<byte[]> items) {
        byte[] copy = value.clone();
        boolean[] written = {false};
        records.compute(id, (key, cur) -> {
            long now = System.currentTimeMillis();
            Rec live = cur != null && cur.expiresAt() > now ? cur : null;
            long version = live == null ? -1 : live.version();
            if (version != expectVersion) {
                return cur;
            }
            ConcurrentSkipListMap<Long, byte[]> log = live == null ? new ConcurrentSkipListMap<>() : live.items();
            long seq = firstSeq;
            for (byte[] item : items) {
                log.put(seq++, item.clone());
            }
            written[0] = true;
            return new Rec(copy, version + 1, now + ttl.toMillis(), log);
        });
        return written[0];
    }

    @Override
    public String describe() {
        return "ConcurrentHashMap.get + value copy; compute() checking the version, value copy, item copies"
                + " into a ConcurrentSkipListMap";
    }

    @Override
    public void close() {
        records.clear();
    }
}
