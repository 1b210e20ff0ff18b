package dev.stepwise.store.dynamodb;

import dev.stepwise.store.Cursors;
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
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import dev.stepwise.store.support.CasRetry;
import dev.stepwise.store.support.ConditionalDelete;
import dev.stepwise.store.support.ConditionalWrite;
import dev.stepwise.store.support.SetUpOnce;
import dev.stepwise.store.support.SizeLimit;
import dev.stepwise.store.support.StoreCalls;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    private static final SizeLimit SIZE_LIMIT =
            new SizeLimit(MAX_VALUE_BYTES, "DynamoDB", "DynamoDB rows are limited to 400 KB");

    static final int MAX_TRANSACTION_ITEMS = 99;
    static final int MAX_TRANSACTION_BYTES = 3_500_000;

    private final Table table;
    private final boolean ownsClient;
    private final Clock clock;
    private final RecordReads reads;
    private final Listing listing;
    private final ItemLog itemLog;
    private final ConditionalWrite<RecordWrites.RowRead> writes;
    private final ConditionalDelete<Map<String, AttributeValue>> deletes;
    private final SetUpOnce<Boolean> schema;
    private final StoreCalls<SdkException> calls;

    private DynamoDbStore(Builder b) {
        this.table = new Table(b.client, b.table);
        this.ownsClient = b.ownsClient;
        this.clock = b.clock;
        Batches batches = new Batches(table);
        this.reads = new RecordReads(table);
        this.listing = new Listing(table);
        this.itemLog = new ItemLog(table, batches);
        this.writes = new ConditionalWrite<>(
                new RecordWrites(table, clock, new StagedItems(table, batches), itemLog), CasRetry.STORE_DEFAULT);
        this.deletes = new ConditionalDelete<>(new RecordDelete(table, clock, itemLog), clock);
        boolean createTable = b.createTable;
        this.schema = SetUpOnce.ofAction(() -> DynamoDbSchema.ensure(table.client(), table.name(), createTable));
        this.calls = StoreCalls.of("DynamoDB", schema::get, SdkException.class, DynamoDbFailures::translate);
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
        return table.name();
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        Objects.requireNonNull(key, "key");
        return calls.call("read " + key, () -> table.liveRow(key, clock.instant()))
                .map(RecordRow::stored);
    }

    /** Reads with {@code BatchGetItem}, 100 keys per request, strongly consistent. */
    @Override
    public Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        return calls.call(
                "read " + keys.stream().distinct().count() + " records", () -> reads.readAll(keys, clock.instant()));
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        Objects.requireNonNull(window, "window");
        return calls.call("read items of " + key, () -> itemLog.read(key, table.liveRow(key, clock.instant()), window));
    }

    @Override
    public Page list(ListQuery q) {
        String after = Cursors.lastId(q.cursor());
        return calls.call("list " + q.kind().label(), () -> listing.list(q, after, clock.instant()));
    }

    @Override
    public WriteResult write(Write w) {
        Objects.requireNonNull(w, "write");
        SIZE_LIMIT.check(w);
        return calls.call("write " + w.key(), () -> writes.write(w));
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        Objects.requireNonNull(key, "key");
        Expect.forDelete(expect);
        return calls.call("delete " + key, () -> deletes.delete(key, expect));
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        Objects.requireNonNull(key, "key");
        calls.run("trim items of " + key, () -> itemLog.delete(Keys.pk(key), null, beforeSeq));
    }

    @Override
    public void close() {
        if (calls.close() && ownsClient) {
            table.client().close();
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
                throw new IllegalArgumentException(
                        "DynamoDB table name '" + name + "' must be 3-255 chars of letters, digits, '_', '-' and '.'");
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
