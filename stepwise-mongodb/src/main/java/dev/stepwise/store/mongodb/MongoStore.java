package dev.stepwise.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
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
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.support.CasRetry;
import dev.stepwise.store.support.ConditionalDelete;
import dev.stepwise.store.support.ConditionalWrite;
import dev.stepwise.store.support.SetUpOnce;
import dev.stepwise.store.support.SizeLimit;
import dev.stepwise.store.support.StoreCalls;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A {@link VersionedStore} on MongoDB (official sync driver, MongoDB 4.2 or later), needing no
 * replica set and no multi-document transaction.
 *
 * <h2>Layout</h2>
 * Two collections, named {@code <prefix>records} and {@code <prefix>items} (prefix
 * {@code stepwise_} by default):
 * <ul>
 *   <li>A record is one document, {@code _id = "<kind>:<id>"}, holding the value (binary), the
 *       version, the listing attributes, {@code updN}/{@code expN} (exact instants as epoch nanos),
 *       {@code exp} (the expiry as a date, for a TTL index with {@code expireAfterSeconds: 0}), a
 *       sortable copy of the id ({@code sk}, see {@link SortKeys}) and the item-log bookkeeping below.
 *       The TTL monitor runs about once a minute, so every read, list and condition also filters
 *       on {@code expN > now}: an expired record is invisible at once.</li>
 *   <li>Each item is one document of the items collection, indexed by (record, incarnation, seq).</li>
 * </ul>
 * Indexes: records {@code stepwise_list {k:1, sk:1}} and {@code stepwise_ttl {exp:1}}; items
 * {@code stepwise_log {r:1, i:1, s:1}} and {@code stepwise_tx {t:1}}. They are created on first
 * use unless {@link Builder#createIndexes(boolean) createIndexes(false)}, when they are checked
 * on first use and a missing one fails the call with a {@link StoreException} naming it.
 *
 * <h2>Compare-and-set</h2>
 * Writes are single-document operations filtered on {@code {_id, ver, expN > now}}
 * ({@code findOneAndUpdate}/{@code updateOne}); a create is an {@code insertOne} whose duplicate-key
 * error (E11000) means a record is there: if it is expired it is replaced with a
 * {@code findOneAndReplace} filtered on {@code expN <= now}, otherwise the write is a conflict
 * carrying that record. New records start at {@link Versions#initial()}, updates add one.
 *
 * <h2>A record write and its items, atomically, without transactions</h2>
 * Every write that appends items gets a random write id {@code tx}. Item documents are inserted
 * <em>first</em> with {@code _id = tx:seq}, tagged {@code t = tx}, {@code c = false} (uncommitted)
 * and the record's incarnation {@code i}; then the record's compare-and-set sets
 * {@code ltx = tx} and {@code seq = last item seq}. That single-document update is the commit
 * point. A reader reads the record first and then sees exactly the items with
 * {@code i = record.inc}, {@code s <= record.seq} and either {@code c = true} or
 * {@code t = record.ltx}. Hence:
 * <ul>
 *   <li>a write whose compare-and-set fails (or never happens because the backend went away)
 *       leaves only items tagged with a {@code tx} no record ever names: invisible, and removed by
 *       the loser when it can;</li>
 *   <li>two racing writers appending the same seqs never overwrite each other (distinct
 *       {@code _id}s), and only the winner's {@code tx} becomes visible;</li>
 *   <li>after its commit a writer marks its items {@code c = true}; if it dies first, the next
 *       writer of the record does it ("rolls forward" the record's {@code ltx}) before its own
 *       compare-and-set, so items never depend on a write id the record no longer names;</li>
 *   <li>a record created after a delete or expiry gets a new incarnation, so items of its
 *       predecessor are invisible even before they are removed.</li>
 * </ul>
 * Items have no TTL of their own (a record slides its expiry with every write, and extending every
 * item would make a turn's cost grow with the log). They are removed with {@link #delete}, by
 * {@link #trimItems}, and when an expired record is replaced; the items of a record that expires
 * and is never written again stay behind, invisible.
 *
 * <h2>Listing</h2>
 * A {@code find} on {@code {k, sk range, attribute equalities, updN range, expN > now}} sorted by
 * {@code sk} through {@code stepwise_list}, so filters run in the query and pages are full.
 *
 * <h2>Failures</h2>
 * Timeouts, socket errors and server-selection failures raise
 * {@link dev.stepwise.store.StoreUnavailableException}; configure short driver timeouts
 * ({@code serverSelectionTimeoutMS}, {@code socketTimeoutMS}) to bound a call. Ids may be up to
 * 1024 chars (up to about 3 KB of UTF-8), which needs MongoDB 4.2+ (no index key size limit).
 */
public final class MongoStore implements VersionedStore {

    /** Largest value or item payload accepted, in bytes (a BSON document holds at most 16 MiB). */
    public static final int MAX_VALUE_BYTES = 15 * 1024 * 1024;

    private static final SizeLimit SIZE_LIMIT =
            new SizeLimit(MAX_VALUE_BYTES, "MongoDB", "MongoDB documents are limited to 16 MiB");

    private final Records records;
    private final MongoCollection<Document> items;
    private final Clock clock;
    private final MongoClient ownedClient;
    private final Listing listing;
    private final ItemLog itemLog;
    private final ConditionalWrite<Optional<RecordDoc>> writes;
    private final ConditionalDelete<Document> deletes;
    private final SetUpOnce<Boolean> schema;
    private final StoreCalls<MongoException> calls;

    private MongoStore(Builder b) {
        this.records = new Records(b.database.getCollection(b.collectionPrefix + "records"));
        this.items = b.database.getCollection(b.collectionPrefix + "items");
        this.clock = b.clock;
        this.ownedClient = b.ownedClient;
        this.listing = new Listing(records);
        this.itemLog = new ItemLog(items);
        this.writes = new ConditionalWrite<>(
                new RecordWrites(records, clock, new StagedItems(items), itemLog), CasRetry.STORE_DEFAULT);
        this.deletes = new ConditionalDelete<>(new RecordDelete(records, clock, itemLog), clock);
        boolean createIndexes = b.createIndexes;
        this.schema = SetUpOnce.ofAction(() -> MongoSchema.ensure(records.collection(), items, createIndexes));
        this.calls = StoreCalls.of("MongoDB", schema::get, MongoException.class, MongoFailures::translate);
    }

    /** A builder over a database of a client the caller owns (and closes). */
    public static Builder builder(MongoDatabase database) {
        return new Builder(database, null);
    }

    /**
     * A builder over a database of a client the store owns: {@link #close()} closes it.
     */
    public static Builder builder(MongoClient client, String database) {
        return new Builder(client.getDatabase(database), client);
    }

    /** The records collection's name. */
    public String recordsCollection() {
        return records.collection().getNamespace().getCollectionName();
    }

    /** The items collection's name. */
    public String itemsCollection() {
        return items.getNamespace().getCollectionName();
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        Objects.requireNonNull(key, "key");
        return calls.call("read " + key, () -> records.liveDoc(key, clock.instant()))
                .map(RecordDoc::stored);
    }

    @Override
    public Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, Stored> byId =
                calls.call("read " + keys.size() + " records", () -> records.liveByDocId(keys, clock.instant()));
        Map<StoreKey, Stored> result = new LinkedHashMap<>();
        for (StoreKey key : keys) {
            Stored s = byId.get(RecordDoc.docId(key));
            if (s != null) {
                result.put(key, s);
            }
        }
        return result;
    }

    @Override
    public Page list(ListQuery q) {
        Bson filter = Listing.filter(q, Cursors.lastId(q.cursor()), clock.instant());
        return calls.call("list " + q.kind().label(), () -> listing.list(filter, q.limit()));
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        Objects.requireNonNull(window, "window");
        return calls.call(
                "read items of " + key, () -> itemLog.read(key, records.liveDoc(key, clock.instant()), window));
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
        calls.run("trim items of " + key, () -> itemLog.trim(key, beforeSeq));
    }

    @Override
    public void close() {
        if (calls.close() && ownedClient != null) {
            ownedClient.close();
        }
    }

    /** Immutable configuration of a {@link MongoStore}. */
    public static final class Builder {

        private final MongoDatabase database;
        private final MongoClient ownedClient;
        private String collectionPrefix = "stepwise_";
        private boolean createIndexes = true;
        private Clock clock = Clock.systemUTC();

        private Builder(MongoDatabase database, MongoClient ownedClient) {
            this.database = Objects.requireNonNull(database, "database");
            this.ownedClient = ownedClient;
        }

        /** Prefix of the two collection names ({@code <prefix>records}, {@code <prefix>items}). */
        public Builder collectionPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.contains("$") || prefix.contains("\0") || prefix.startsWith("system.")) {
                throw new IllegalArgumentException(
                        "collection prefix '" + prefix + "' is not usable in a MongoDB collection name");
            }
            this.collectionPrefix = prefix;
            return this;
        }

        /**
         * Whether the store creates its indexes on first use (default) or only checks that they
         * exist, failing with a message naming what is missing.
         */
        public Builder createIndexes(boolean create) {
            this.createIndexes = create;
            return this;
        }

        /** The clock for updatedAt, expiry and liveness checks (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MongoStore build() {
            return new MongoStore(this);
        }
    }
}
