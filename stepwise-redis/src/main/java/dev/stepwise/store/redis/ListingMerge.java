package dev.stepwise.store.redis;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Cursors;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One listing page: a k-way merge of the {@value KeyLayout#BUCKETS} bucket indexes of a kind.
 *
 * <p>Each bucket is read by {@code list.lua}, which walks its index in id order from a start bound,
 * filters in Redis (prefix, attributes, update time, expiry by the store clock), drops index
 * entries whose record key is gone, and returns a few matches plus how far it looked (its
 * frontier). A match is emitted only once every other bucket that may still hold a smaller id has
 * looked past it, so the page is in exact ascending id order. The first round asks every bucket
 * at once (one pipelined round trip); later rounds ask only the buckets that hold up the merge,
 * asking for twice as many each time.
 */
final class ListingMerge {

    /** Index entries one script call examines at most, bounding how long it blocks Redis. */
    private static final int EXAMINE_BUDGET = 1000;

    private final RedisStore.Context context;
    private final ListQuery query;
    private final Instant now;
    private final List<Bucket> buckets = new ArrayList<>();

    ListingMerge(RedisStore.Context context, ListQuery query, Instant now) {
        this.context = context;
        this.query = query;
        this.now = now;
        byte[] start = startBound();
        int want = Math.max(2, (query.limit() + 1 + KeyLayout.BUCKETS - 1) / KeyLayout.BUCKETS + 1);
        for (int b = 0; b < KeyLayout.BUCKETS; b++) {
            buckets.add(new Bucket(b, start, want));
        }
    }

    Page page() {
        fetch(buckets);
        List<Stored> records = new ArrayList<>();
        List<Page.Unreadable> unreadable = new ArrayList<>();
        byte[] lastEmitted = null;
        boolean more = false;
        while (true) {
            Bucket best = null;
            for (Bucket bucket : buckets) {
                if (!bucket.queue.isEmpty()
                        && (best == null
                                || Arrays.compareUnsigned(bucket.queue.peek().member, best.queue.peek().member) < 0)) {
                    best = bucket;
                }
            }
            List<Bucket> blocking = new ArrayList<>();
            for (Bucket bucket : buckets) {
                if (bucket.queue.isEmpty()
                        && !bucket.exhausted
                        && (best == null || Arrays.compareUnsigned(bucket.frontier, best.queue.peek().member) < 0)) {
                    blocking.add(bucket);
                }
            }
            if (!blocking.isEmpty()) {
                fetch(blocking);
                continue;
            }
            if (best == null) {
                break;
            }
            if (records.size() == query.limit()) {
                more = true;
                break;
            }
            Entry entry = best.queue.poll();
            lastEmitted = entry.member;
            if (entry.stored != null) {
                records.add(entry.stored);
            } else {
                unreadable.add(entry.unreadable);
            }
        }
        String next = more ? Cursors.after(KeyLayout.id(lastEmitted)) : null;
        return new Page(records, unreadable, next);
    }

    private byte[] startBound() {
        byte[] prefix = KeyLayout.member(query.prefix());
        String lastId = Cursors.lastId(query.cursor());
        if (lastId != null) {
            byte[] after = KeyLayout.member(lastId);
            if (Arrays.compareUnsigned(after, prefix) >= 0) {
                return concat((byte) '(', after);
            }
        }
        return prefix.length == 0 ? new byte[] {'-'} : concat((byte) '[', prefix);
    }

    private void fetch(List<Bucket> which) {
        List<CompletableFuture<List<Object>>> calls = new ArrayList<>();
        for (Bucket bucket : which) {
            calls.add(context.scripts()
                    .list()
                    .run(
                            context.redis(),
                            new byte[][] {context.layout().index(query.kind(), bucket.number)},
                            context.layout().recordPrefix(query.kind(), bucket.number),
                            bucket.start,
                            KeyLayout.member(query.prefix()),
                            num(now.getEpochSecond()),
                            num(now.getNano()),
                            filter(query.flowId()),
                            filter(query.status()),
                            filter(query.userId()),
                            query.updatedAfter() == null
                                    ? dash()
                                    : num(query.updatedAfter().getEpochSecond()),
                            query.updatedAfter() == null
                                    ? dash()
                                    : num(query.updatedAfter().getNano()),
                            query.updatedBefore() == null
                                    ? dash()
                                    : num(query.updatedBefore().getEpochSecond()),
                            query.updatedBefore() == null
                                    ? dash()
                                    : num(query.updatedBefore().getNano()),
                            num(bucket.want),
                            num(EXAMINE_BUDGET)));
        }
        List<List<Object>> replies =
                context.calls().awaitAll("listing " + query.kind().label() + " records", calls);
        for (int i = 0; i < which.size(); i++) {
            which.get(i).accept(replies.get(i));
        }
    }

    private Entry entry(List<?> raw) {
        long type = (Long) raw.get(0);
        if (type == 2) {
            byte[] member = (byte[]) raw.get(1);
            return new Entry(
                    member,
                    null,
                    new Page.Unreadable(location(member), new String((byte[]) raw.get(2), StandardCharsets.UTF_8)));
        }
        RecordCodec.Fields fields = RecordCodec.Fields.of(raw, 1);
        byte[] member = fields.id == null ? new byte[0] : fields.id;
        String location = location(member);
        try {
            StoreKey key = new StoreKey(query.kind(), KeyLayout.id(member));
            return new Entry(member, RecordCodec.decode(key, () -> location, fields), null);
        } catch (CorruptRecordException e) {
            return new Entry(member, null, new Page.Unreadable(location, e.getMessage()));
        } catch (IllegalArgumentException e) {
            return new Entry(
                    member, null, new Page.Unreadable(location, "the stored id is not valid: " + e.getMessage()));
        }
    }

    private String location(byte[] member) {
        try {
            return context.layout()
                    .keys(new StoreKey(query.kind(), KeyLayout.id(member)))
                    .location();
        } catch (IllegalArgumentException e) {
            return query.kind().label() + " index entry " + Arrays.toString(member);
        }
    }

    private static byte[] filter(String value) {
        return value == null ? dash() : ("+" + value).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] dash() {
        return new byte[] {'-'};
    }

    private static byte[] num(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private record Entry(byte[] member, Stored stored, Page.Unreadable unreadable) {}

    private final class Bucket {
        final int number;
        byte[] start;
        int want;
        byte[] frontier = new byte[0];
        boolean exhausted;
        final ArrayDeque<Entry> queue = new ArrayDeque<>();

        Bucket(int number, byte[] start, int want) {
            this.number = number;
            this.start = start;
            this.want = want;
        }

        void accept(List<Object> reply) {
            exhausted = (Long) reply.get(0) == 1;
            byte[] last = (byte[]) reply.get(1);
            if (last.length > 0) {
                frontier = last;
                start = concat((byte) '(', last);
            }
            for (int i = 2; i < reply.size(); i++) {
                queue.add(entry((List<?>) reply.get(i)));
            }
            want = Math.min(want * 2, query.limit() + 1);
        }
    }
}
