package dev.stepwise.store.dynamodb;

import static dev.stepwise.store.dynamodb.Rows.b;
import static dev.stepwise.store.dynamodb.Rows.n;
import static dev.stepwise.store.dynamodb.Rows.s;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Cursors;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A {@link VersionedStore} on DynamoDB (AWS SDK v2, low-level client), in one table.
 *
 * <h2>Table</h2>
 * Key {@code pk} (S, hash) + {@code sk} (S, range), see {@link Keys}: a record is the row
 * {@code (pk, "r")}, its items are rows {@code (pk, "i#<seq>#<write id>")} in the same partition.
 * Global secondary index {@code stepwise_list}: {@code k} (the kind, S, hash) + {@code lk} (the
 * id's UTF-16BE bytes, B, range), projection ALL; only record rows carry these attributes. The
 * TTL attribute is {@code ttl} (epoch seconds). The store creates the table (on-demand billing) on
 * first use unless {@link Builder#createTable(boolean) createTable(false)}, when it checks it and
 * fails naming what is missing. The table name is configurable.
 *
 * <h2>Compare-and-set and expiry</h2>
 * Every record write is conditional: create {@code attribute_not_exists(pk) OR expN <= :now}
 * (an expired row counts as absent and is replaced, with a new incarnation), update
 * {@code ver = :v AND expN > :now}. DynamoDB's TTL deleter runs late (up to days), so every read,
 * list and condition also compares {@code expN} (exact expiry in epoch nanos) with the store's
 * clock. A failed condition reads the current record and returns it in the conflict.
 *
 * <h2>A record write and its items</h2>
 * Up to {@value #MAX_TRANSACTION_ITEMS} items (and {@value #MAX_TRANSACTION_BYTES} bytes) go in one
 * {@code TransactWriteItems} with the conditional record update: all or nothing. A larger write
 * (DynamoDB allows 100 actions and 4 MB per transaction) stages its items first, outside a
 * transaction, tagged with a fresh write id and {@code c = false}; the record's conditional update
 * then names that write id ({@code ltx}) and is the commit point, after which the items are
 * re-put with {@code c = true} (or by the next writer of the record, before its own commit). Readers
 * take the record first and see only items with the record's incarnation, {@code seq <= record.seq}
 * and {@code c = true or t = record.ltx}: staged items of a write that lost (or never committed)
 * stay invisible, and distinct write ids keep racing writers from overwriting each other.
 *
 * <h2>Listing</h2>
 * A query on {@code stepwise_list} for the kind, from the cursor (and within the prefix's key range),
 * with a {@code FilterExpression} for attributes, update time and expiry. DynamoDB applies filters
 * after reading a page, so the store keeps querying ({@code ExclusiveStartKey}) until the page is
 * full or the index is exhausted: pages are never short while more match, but a very selective
 * filter costs reads. Trade-offs: a GSI is eventually consistent (a record written a moment ago may
 * be missing from a listing, never from a read) and puts each kind in one index partition.
 *
 * <h2>Limits</h2>
 * A value or item payload may be up to {@value #MAX_VALUE_BYTES} bytes (DynamoDB rows are at most
 * 400 KB); larger ones are refused with a {@link StoreException} before anything is written.
 * Items have no TTL of their own (a record slides its expiry with every write; extending each
 * item would make a turn's cost grow with the log). They go with {@link #delete}, with
 * {@link #trimItems}, and when an expired record is replaced by a new one; the items of a record
 * that expires and is never written again stay behind, invisible.
 */
public final class DynamoDbStore implements VersionedStore {

    /** Largest value or item payload accepted, in bytes. */
    public static final int MAX_VALUE_BYTES = 380_000;
    static final int MAX_TRANSACTION_ITEMS = 99;
    static final int MAX_TRANSACTION_BYTES = 3_500_000;

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStore.class);
    private static final int MAX_ATTEMPTS = 64;

    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final String table;
    private final boolean createTable;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean schemaReady;

    private DynamoDbStore(Builder b) {
        this.client = b.client;
        this.ownsClient = b.ownsClient;
        this.table = b.table;
        this.createTable = b.createTable;
        this.clock = b.clock;
    }

    /** A builder over a client the caller owns (and closes). */
    public static Builder builder(DynamoDbClient client) {
        return new Builder(client, false);
    }

    /** A builder over a client the store owns: {@link #close()} closes it. */
    public static Builder builderOwning(DynamoDbClient client) {
        return new Builder(client, true);
    }

    /** The table's name. */
    public String table() {
        return table;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Stored> read(StoreKey key) {
        Objects.requireNonNull(key, "key");
        return call("read " + key, () -> liveRow(key, clock.instant())).map(RecordRow::stored);
    }

    /** Reads with {@code BatchGetItem}, 100 keys per request, strongly consistent. */
    @Override
    public Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        List<StoreKey> distinct = keys.stream().distinct().toList();
        return call("read " + distinct.size() + " records", () -> {
            Instant now = clock.instant();
            Map<String, Stored> byPk = new HashMap<>();
            for (int i = 0; i < distinct.size(); i += 100) {
                List<Map<String, AttributeValue>> batch = new ArrayList<>();
                for (StoreKey key : distinct.subList(i, Math.min(distinct.size(), i + 100))) {
                    batch.add(Rows.key(Keys.pk(key), Keys.RECORD_SK));
                }
                Map<String, KeysAndAttributes> request = Map.of(table,
                        KeysAndAttributes.builder().keys(batch).consistentRead(true).build());
                for (int round = 0; !request.isEmpty(); round++) {
                    if (round == 10) {
                        throw new StoreUnavailableException("DynamoDB kept keys of a batch read unprocessed (throttled); retry later", null);
                    }
                    backoff(round);
                    Map<String, KeysAndAttributes> send = request;
                    BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(send));
                    for (Map<String, AttributeValue> row : response.responses().getOrDefault(table, List.of())) {
                        RecordRow record = Rows.fromRecord(row);
                        if (record.stored().expiresAt().isAfter(now)) {
                            byPk.put(row.get(Rows.PK).s(), record.stored());
                        }
                    }
                    request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                }
            }
            Map<StoreKey, Stored> found = new LinkedHashMap<>();
            for (StoreKey key : keys) {
                Stored stored = byPk.get(Keys.pk(key));
                if (stored != null && stored.key().equals(key)) {
                    found.put(key, stored);
                }
            }
            return found;
        });
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        Objects.requireNonNull(window, "window");
        return call("read items of " + key, () -> {
            Optional<RecordRow> found = liveRow(key, clock.instant());
            if (found.isEmpty() || found.get().lastSeq() == 0) {
                return List.of();
            }
            RecordRow r = found.get();
            long from = window.last() ? 1 : window.afterSeq() + 1;
            if (from > r.lastSeq()) {
                return List.of();
            }
            Map<String, String> names = Map.of("#pk", Rows.PK, "#sk", Rows.SK, "#i", Rows.ITEM_INCARNATION,
                    "#c", Rows.ITEM_COMMITTED, "#t", Rows.ITEM_TX);
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":pk", s(Keys.pk(key)));
            values.put(":lo", s(Keys.itemSkPrefix(from)));
            values.put(":hi", s(Keys.itemSkEnd(r.lastSeq())));
            values.put(":i", s(r.incarnation()));
            values.put(":true", AttributeValue.fromBool(true));
            values.put(":t", s(r.lastTx() == null ? "-" : r.lastTx()));
            List<Item> items = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = client.query(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi")
                        .filterExpression("#i = :i AND (#c = :true OR #t = :t)")
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .scanIndexForward(!window.last()).exclusiveStartKey(start).build());
                for (Map<String, AttributeValue> row : page.items()) {
                    if (items.size() < window.limit()) {
                        items.add(Rows.fromItem(key.toString(), row));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null && items.size() < window.limit());
            if (window.last()) {
                Collections.reverse(items);
            }
            return items;
        });
    }

    @Override
    public Page list(ListQuery q) {
        String after = Cursors.lastId(q.cursor());
        return call("list " + q.kind().label(), () -> {
            Instant now = clock.instant();
            Map<String, String> names = new HashMap<>(Map.of("#k", Rows.KIND, "#exp", Rows.EXPIRES_NANOS));
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":k", s(q.kind().label()));
            values.put(":now", n(Rows.nanos(now)));
            byte[] low = q.prefix().isEmpty() ? new byte[0] : Keys.listKey(q.prefix());
            if (after != null) {
                byte[] cursorKey = Keys.listKey(after);
                if (Arrays.compareUnsigned(cursorKey, low) > 0) {
                    low = cursorKey;
                }
            }
            String keyCondition = "#k = :k";
            if (!q.prefix().isEmpty()) {
                values.put(":lo", b(low));
                values.put(":hi", b(Keys.listKeyEnd(Keys.listKey(q.prefix()))));
                names.put("#lk", Rows.LIST_KEY);
                keyCondition += " AND #lk BETWEEN :lo AND :hi";
            } else if (low.length > 0) {
                values.put(":lo", b(low));
                names.put("#lk", Rows.LIST_KEY);
                keyCondition += " AND #lk >= :lo";
            }
            List<String> filters = new ArrayList<>(List.of("#exp > :now"));
            filter(filters, names, values, Rows.FLOW, q.flowId());
            filter(filters, names, values, Rows.STATUS, q.status());
            filter(filters, names, values, Rows.USER, q.userId());
            if (q.updatedAfter() != null || q.updatedBefore() != null) {
                names.put("#upd", Rows.UPDATED_NANOS);
            }
            if (q.updatedAfter() != null) {
                filters.add("#upd >= :ua");
                values.put(":ua", n(Rows.nanos(q.updatedAfter())));
            }
            if (q.updatedBefore() != null) {
                filters.add("#upd < :ub");
                values.put(":ub", n(Rows.nanos(q.updatedBefore())));
            }
            // Rows arrive in listing-key order; ids longer than the listing key may tie, so a page
            // is cut only after the tie group holding its last record has been read completely.
            List<Stored> matched = new ArrayList<>();
            List<Page.Unreadable> unreadable = new ArrayList<>();
            byte[] lastKey = null;
            Map<String, AttributeValue> start = null;
            boolean exhausted = false;
            outer:
            while (true) {
                QueryResponse page = client.query(QueryRequest.builder().tableName(table)
                        .indexName(DynamoDbSchema.LIST_INDEX)
                        .keyConditionExpression(keyCondition).filterExpression(String.join(" AND ", filters))
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .limit(Math.max(q.limit() + 1, 25)).exclusiveStartKey(start).build());
                for (Map<String, AttributeValue> row : page.items()) {
                    byte[] rowKey = row.containsKey(Rows.LIST_KEY) ? row.get(Rows.LIST_KEY).b().asByteArray() : null;
                    if (lastKey != null && rowKey != null && !Arrays.equals(rowKey, lastKey) && matched.size() > q.limit()) {
                        break outer;
                    }
                    lastKey = rowKey;
                    try {
                        Stored stored = Rows.fromRecord(row).stored();
                        String id = stored.key().id();
                        if (id.startsWith(q.prefix()) && (after == null || id.compareTo(after) > 0)) {
                            matched.add(stored);
                        }
                    } catch (CorruptRecordException e) {
                        unreadable.add(new Page.Unreadable(e.location(), e.getMessage()));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                if (start == null) {
                    exhausted = true;
                    break;
                }
            }
            matched.sort(Comparator.comparing(st -> st.key().id()));
            boolean more = matched.size() > q.limit();
            List<Stored> records = more ? matched.subList(0, q.limit()) : matched;
            String next = more ? Cursors.after(records.get(records.size() - 1).key().id()) : null;
            if (!more && !exhausted) {
                throw new IllegalStateException("listing stopped before the index was exhausted");
            }
            return new Page(records, unreadable, next);
        });
    }

    private static void filter(List<String> filters, Map<String, String> names, Map<String, AttributeValue> values,
                               String attribute, String wanted) {
        if (wanted != null) {
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, s(wanted));
            filters.add("#" + attribute + " = :" + attribute);
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public WriteResult write(Write w) {
        Objects.requireNonNull(w, "write");
        checkSize("value of " + w.key(), w.value().length);
        for (Item item : w.items()) {
            checkSize("payload of item " + item.seq() + " of " + w.key(), item.payload().length);
        }
        return call("write " + w.key(), () -> {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Instant now = clock.instant();
                Optional<WriteResult> result;
                if (w.expect() instanceof Expect.Version v && w.items().isEmpty()) {
                    // The condition alone decides; no read needed.
                    result = attempt(w, null, null, false, v.version(), now);
                } else if (w.expect() instanceof Expect.Absent && w.items().isEmpty()) {
                    result = attempt(w, null, null, true, 0, now);
                } else {
                    RecordRow row = row(w.key()).orElse(null);
                    RecordRow current = row != null && row.stored().expiresAt().isAfter(now) ? row : null;
                    String predecessor = row != null && current == null ? row.incarnation() : null;
                    if (w.expect() instanceof Expect.Absent) {
                        result = current != null ? Optional.of(new WriteResult.Conflict(Optional.of(current.stored())))
                                : attempt(w, null, predecessor, true, 0, now);
                    } else if (w.expect() instanceof Expect.Version v) {
                        if (current == null || current.stored().version() != v.version()) {
                            return new WriteResult.Conflict(Optional.ofNullable(current).map(RecordRow::stored));
                        }
                        result = attempt(w, current, null, false, v.version(), now);
                    } else {
                        result = current == null ? attempt(w, null, predecessor, true, 0, now)
                                : attempt(w, current, null, false, current.stored().version(), now);
                        if (result.isPresent() && result.get() instanceof WriteResult.Conflict) {
                            result = Optional.empty(); // Expect.any: decide again against the new record
                        }
                    }
                }
                if (result.isPresent()) {
                    return result.get();
                }
                // Lost a race (or a transaction collided): spread the next attempts out a little.
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(1L << Math.min(attempt, 5)) + 1));
            }
            throw new StoreException("write " + w.key() + " gave up after " + MAX_ATTEMPTS
                    + " attempts: the record changed under every one of them");
        });
    }

    /**
     * One conditional write: a create (an absent or expired record is replaced) or an update of
     * version {@code expected}. {@code current} is the live record read just before, or null when
     * it was not read (an update without items, decided by its condition alone); {@code predecessor}
     * the incarnation of an expired record read just before, whose items a create removes. Returns empty when
     * the attempt must be repeated (a transaction collided with another one, or a create found the
     * record gone again by the time it read the conflict).
     */
    private Optional<WriteResult> attempt(Write w, RecordRow current, String predecessor, boolean create, long expected,
                                          Instant now) {
        String pk = Keys.pk(w.key());
        Instant expiresAt = now.plus(w.ttl());
        if (!w.items().isEmpty() && current != null && !create && w.items().get(0).seq() <= current.lastSeq()) {
            throw new IllegalArgumentException("item seq " + w.items().get(0).seq() + " of " + w.key()
                    + " is not above the last stored seq " + current.lastSeq());
        }
        long version = create ? Versions.initial() : Versions.next(expected);
        String incarnation = create ? UUID.randomUUID().toString() : current != null ? current.incarnation() : null;
        String tx = UUID.randomUUID().toString();
        long lastSeq = w.items().isEmpty() ? (create || current == null ? 0 : current.lastSeq())
                : w.items().get(w.items().size() - 1).seq();
        boolean staged = w.items().size() > MAX_TRANSACTION_ITEMS || bytes(w) > MAX_TRANSACTION_BYTES;

        // The record update: every attribute the write sets, under its condition.
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        set(sets, names, values, Rows.VALUE, b(w.value()));
        set(sets, names, values, Rows.VERSION, n(version));
        set(sets, names, values, Rows.UPDATED_NANOS, n(Rows.nanos(now)));
        set(sets, names, values, Rows.EXPIRES_NANOS, n(Rows.nanos(expiresAt)));
        set(sets, names, values, Rows.TTL, n(Rows.ttlSeconds(expiresAt)));
        setOrRemove(sets, removes, names, values, Rows.FLOW, w.attributes().flowId());
        setOrRemove(sets, removes, names, values, Rows.STATUS, w.attributes().status());
        setOrRemove(sets, removes, names, values, Rows.USER, w.attributes().userId());
        names.put("#exp", Rows.EXPIRES_NANOS);
        values.put(":now", n(Rows.nanos(now)));
        String condition;
        if (create) {
            set(sets, names, values, Rows.KIND, s(w.key().kind().label()));
            set(sets, names, values, Rows.ID, s(w.key().id()));
            set(sets, names, values, Rows.LIST_KEY, b(Keys.listKey(w.key().id())));
            set(sets, names, values, Rows.INCARNATION, s(incarnation));
            set(sets, names, values, Rows.LAST_SEQ, n(lastSeq));
            names.put("#pk", Rows.PK);
            condition = "attribute_not_exists(#pk) OR #exp <= :now";
        } else {
            if (!w.items().isEmpty()) {
                set(sets, names, values, Rows.LAST_SEQ, n(lastSeq));
            }
            names.put("#ver", Rows.VERSION);
            values.put(":expected", n(expected));
            condition = "#ver = :expected AND #exp > :now";
            if (incarnation != null && !w.items().isEmpty()) {
                names.put("#inc", Rows.INCARNATION);
                values.put(":inc", s(incarnation));
                condition += " AND #inc = :inc";
            }
        }
        if (staged) {
            set(sets, names, values, Rows.LAST_TX, s(tx));
            set(sets, names, values, Rows.LAST_TX_FIRST_SEQ, n(w.items().get(0).seq()));
        } else if (create || !w.items().isEmpty()) {
            removes.add(name(names, Rows.LAST_TX));
            removes.add(name(names, Rows.LAST_TX_FIRST_SEQ));
        }
        String expression = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        Update update = Update.builder().tableName(table).key(Rows.key(pk, Keys.RECORD_SK))
                .updateExpression(expression).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();

        if (w.items().isEmpty()) {
            Map<String, AttributeValue> old;
            try {
                old = updateRecord(update, create);
            } catch (ConditionalCheckFailedException e) {
                return conflict(w, create);
            }
            if (create && old != null && old.containsKey(Rows.INCARNATION)) {
                removePredecessorItems(pk, old.get(Rows.INCARNATION).s());
            }
            return Optional.of(new WriteResult.Written(version, expiresAt));
        }
        if (current != null && !create) {
            rollForward(pk, current);
        }
        if (staged) {
            List<Map<String, AttributeValue>> rows = itemRows(pk, incarnation, tx, false, w.items());
            batchPut(rows);
            try {
                updateRecord(update, false);
            } catch (ConditionalCheckFailedException e) {
                removeStaged(rows);
                return conflict(w, create);
            }
            markCommitted(itemRows(pk, incarnation, tx, true, w.items()));
            if (create && predecessor != null) {
                removePredecessorItems(pk, predecessor);
            }
            return Optional.of(new WriteResult.Written(version, expiresAt));
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder().update(update).build());
        for (Map<String, AttributeValue> row : itemRows(pk, incarnation, tx, true, w.items())) {
            actions.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(row)).build());
        }
        try {
            client.transactWriteItems(r -> r.transactItems(actions));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                return conflict(w, create);
            }
            if (reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))) {
                return Optional.empty();
            }
            throw e;
        }
        if (create && predecessor != null) {
            removePredecessorItems(pk, predecessor);
        }
        return Optional.of(new WriteResult.Written(version, expiresAt));
    }

    /**
     * Removes the items of a record incarnation that is gone (deleted, or expired and replaced). No
     * write can add to it any more (item writes are conditional on the record's incarnation), so
     * this is safe at any time. It runs after the record change took effect, so a failure must not
     * turn that success into an error: the items are invisible already and are left behind, with a
     * warning.
     */
    private void removePredecessorItems(String pk, String incarnation) {
        try {
            deleteItems(pk, incarnation, Long.MAX_VALUE);
        } catch (SdkException | StoreException e) {
            LOG.warn("items of removed record {} stay behind (invisible) in table {}: {}", pk, table, e.toString());
        }
    }

    /** Applies a conditional record update; returns the replaced row when {@code returnOld}. */
    private Map<String, AttributeValue> updateRecord(Update update, boolean returnOld) {
        return client.updateItem(r -> r.tableName(table).key(update.key()).updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues())
                .returnValues(returnOld ? ReturnValue.ALL_OLD : ReturnValue.NONE)).attributes();
    }

    private Optional<WriteResult> conflict(Write w, boolean create) {
        Optional<RecordRow> now = liveRow(w.key(), clock.instant());
        if (create && now.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WriteResult.Conflict(now.map(RecordRow::stored)));
    }

    private static long bytes(Write w) {
        long total = w.value().length;
        for (Item item : w.items()) {
            total += item.payload().length + 200;
        }
        return total;
    }

    private static void checkSize(String what, int length) {
        if (length > MAX_VALUE_BYTES) {
            throw new StoreException(what + " is " + length + " bytes; the DynamoDB store holds at most "
                    + MAX_VALUE_BYTES + " bytes per value or item (DynamoDB rows are limited to 400 KB)");
        }
    }

    private static String name(Map<String, String> names, String attribute) {
        names.put("#" + attribute, attribute);
        return "#" + attribute;
    }

    private static void set(List<String> sets, Map<String, String> names, Map<String, AttributeValue> values,
                            String attribute, AttributeValue value) {
        values.put(":" + attribute, value);
        sets.add(name(names, attribute) + " = :" + attribute);
    }

    private static void setOrRemove(List<String> sets, List<String> removes, Map<String, String> names,
                                    Map<String, AttributeValue> values, String attribute, String value) {
        if (value == null) {
            removes.add(name(names, attribute));
        } else {
            set(sets, names, values, attribute, s(value));
        }
    }

    private List<Map<String, AttributeValue>> itemRows(String pk, String incarnation, String tx, boolean committed,
                                                       List<Item> items) {
        List<Map<String, AttributeValue>> rows = new ArrayList<>(items.size());
        for (Item item : items) {
            rows.add(Rows.toItem(pk, incarnation, tx, committed, item));
        }
        return rows;
    }

    /** Marks the staged items of the record's last write committed, before the record stops naming it. */
    private void rollForward(String pk, RecordRow current) {
        if (current.lastTx() == null) {
            return;
        }
        List<Map<String, AttributeValue>> pending = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = client.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi")
                    .filterExpression("#t = :t AND #c = :false")
                    .expressionAttributeNames(Map.of("#pk", Rows.PK, "#sk", Rows.SK, "#t", Rows.ITEM_TX, "#c", Rows.ITEM_COMMITTED))
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":lo", s(Keys.itemSkPrefix(current.lastTxFirst())),
                            ":hi", s(Keys.itemSkEnd(current.lastSeq())), ":t", s(current.lastTx()),
                            ":false", AttributeValue.fromBool(false)))
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> row : page.items()) {
                Map<String, AttributeValue> marked = new HashMap<>(row);
                marked.put(Rows.ITEM_COMMITTED, AttributeValue.fromBool(true));
                pending.add(marked);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        batchPut(pending);
    }

    private void markCommitted(List<Map<String, AttributeValue>> rows) {
        try {
            batchPut(rows);
        } catch (SdkException e) {
            LOG.debug("committed items stay unmarked until the next write rolls them forward: {}", e.toString());
        }
    }

    private void removeStaged(List<Map<String, AttributeValue>> rows) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Map<String, AttributeValue> row : rows) {
            keys.add(Map.of(Rows.PK, row.get(Rows.PK), Rows.SK, row.get(Rows.SK)));
        }
        try {
            batchDelete(keys);
        } catch (SdkException e) {
            LOG.debug("staged items of a losing write stay behind (invisible): {}", e.toString());
        }
    }

    private void batchPut(List<Map<String, AttributeValue>> rows) {
        List<WriteRequest> requests = new ArrayList<>();
        for (Map<String, AttributeValue> row : rows) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(row).build()).build());
        }
        batchWrite(requests);
    }

    private void batchDelete(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> requests = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys) {
            requests.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
        }
        batchWrite(requests);
    }

    private void batchWrite(List<WriteRequest> requests) {
        for (int i = 0; i < requests.size(); i += 25) {
            List<WriteRequest> chunk = requests.subList(i, Math.min(requests.size(), i + 25));
            for (int round = 0; !chunk.isEmpty(); round++) {
                if (round == 10) {
                    throw new StoreUnavailableException("DynamoDB kept " + chunk.size()
                            + " batch writes unprocessed (throttled); retry later", null);
                }
                backoff(round);
                List<WriteRequest> send = chunk;
                BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of(table, send)));
                chunk = response.unprocessedItems().getOrDefault(table, List.of());
            }
        }
    }

    /** Waits before re-sending what a throttled batch left unprocessed (nothing before the first send). */
    private static void backoff(int round) {
        if (round > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25L << Math.min(round, 6)));
        }
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expect, "expect");
        if (expect instanceof Expect.Absent) {
            throw new IllegalArgumentException("delete with Expect.absent() makes no sense: nothing to delete");
        }
        return call("delete " + key, () -> {
            Instant now = clock.instant();
            String pk = Keys.pk(key);
            Map<String, AttributeValue> old;
            try {
                old = client.deleteItem(r -> {
                    r.tableName(table).key(Rows.key(pk, Keys.RECORD_SK)).returnValues(ReturnValue.ALL_OLD);
                    if (expect instanceof Expect.Version v) {
                        r.conditionExpression("#ver = :v AND #exp > :now")
                                .expressionAttributeNames(Map.of("#ver", Rows.VERSION, "#exp", Rows.EXPIRES_NANOS))
                                .expressionAttributeValues(Map.of(":v", n(v.version()), ":now", n(Rows.nanos(now))));
                    } else {
                        // Conditional even when unconditional: of two racing deletes only one may
                        // report the record it removed.
                        r.conditionExpression("attribute_exists(#pk)").expressionAttributeNames(Map.of("#pk", Rows.PK));
                    }
                }).attributes();
            } catch (ConditionalCheckFailedException e) {
                if (expect instanceof Expect.Any) {
                    return new DeleteResult.Deleted(false);
                }
                return new DeleteResult.Conflict(liveRow(key, clock.instant()).map(RecordRow::stored));
            }
            if (old == null || old.isEmpty()) {
                return new DeleteResult.Deleted(false);
            }
            AttributeValue inc = old.get(Rows.INCARNATION);
            if (inc != null && inc.s() != null) {
                removePredecessorItems(pk, inc.s());
            }
            AttributeValue exp = old.get(Rows.EXPIRES_NANOS);
            boolean existed = exp == null || exp.n() == null || Long.parseLong(exp.n()) > Rows.nanos(now);
            return new DeleteResult.Deleted(existed);
        });
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        Objects.requireNonNull(key, "key");
        call("trim items of " + key, () -> {
            deleteItems(Keys.pk(key), null, beforeSeq);
            return null;
        });
    }

    /** Deletes item rows of {@code pk} below {@code beforeSeq}, of one incarnation or (null) all. */
    private void deleteItems(String pk, String incarnation, long beforeSeq) {
        if (beforeSeq <= 1) {
            return;
        }
        Map<String, String> names = new HashMap<>(Map.of("#pk", Rows.PK, "#sk", Rows.SK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(pk), ":lo", s("i#"),
                ":hi", s(beforeSeq == Long.MAX_VALUE ? "i#~" : Keys.itemSkPrefix(beforeSeq))));
        String filter = null;
        if (incarnation != null) {
            names.put("#i", Rows.ITEM_INCARNATION);
            values.put(":i", s(incarnation));
            filter = "#i = :i";
        }
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = client.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi").filterExpression(filter)
                    .projectionExpression("#pk, #sk")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .exclusiveStartKey(start).build());
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (Map<String, AttributeValue> row : page.items()) {
                keys.add(Map.of(Rows.PK, row.get(Rows.PK), Rows.SK, row.get(Rows.SK)));
            }
            batchDelete(keys);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsClient) {
            client.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private Optional<RecordRow> liveRow(StoreKey key, Instant now) {
        return row(key).filter(r -> r.stored().expiresAt().isAfter(now));
    }

    /** The record row of {@code key}, expired or not (strongly consistent read). */
    private Optional<RecordRow> row(StoreKey key) {
        Map<String, AttributeValue> row = client.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Rows.key(Keys.pk(key), Keys.RECORD_SK))).item();
        if (row == null || row.isEmpty()) {
            return Optional.empty();
        }
        RecordRow record = Rows.fromRecord(row);
        if (!record.stored().key().equals(key)) {
            throw new CorruptRecordException(key.toString(), "row holds a different id (hash collision or tampering)");
        }
        return Optional.of(record);
    }

    private <T> T call(String operation, Supplier<T> body) {
        if (closed.get()) {
            throw new StoreException("DynamoDB store is closed (" + operation + ")");
        }
        try {
            if (!schemaReady) {
                ensureSchema();
            }
            return body.get();
        } catch (SdkException e) {
            throw DynamoDbFailures.translate(operation, e);
        }
    }

    private synchronized void ensureSchema() {
        if (!schemaReady) {
            DynamoDbSchema.ensure(client, table, createTable);
            schemaReady = true;
        }
    }

    /** Immutable configuration of a {@link DynamoDbStore}. */
    public static final class Builder {

        private final DynamoDbClient client;
        private final boolean ownsClient;
        private String table = "stepwise";
        private boolean createTable = true;
        private Clock clock = Clock.systemUTC();

        private Builder(DynamoDbClient client, boolean ownsClient) {
            this.client = Objects.requireNonNull(client, "client");
            this.ownsClient = ownsClient;
        }

        /** The table's name (default {@code stepwise}). */
        public Builder table(String name) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9_.-]{3,255}")) {
                throw new IllegalArgumentException("DynamoDB table name '" + name
                        + "' must be 3-255 chars of letters, digits, '_', '-' and '.'");
            }
            this.table = name;
            return this;
        }

        /** Whether the store creates its table on first use (default) or only checks it. */
        public Builder createTable(boolean create) {
            this.createTable = create;
            return this;
        }

        /** The clock for updatedAt, expiry and liveness checks (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public DynamoDbStore build() {
            return new DynamoDbStore(this);
        }
    }
}
