package dev.stepwise.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
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
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);
    private static final int MAX_ATTEMPTS = 64;

    /** Largest value or item payload accepted, in bytes (a BSON document holds at most 16 MiB). */
    public static final int MAX_VALUE_BYTES = 15 * 1024 * 1024;

    private final MongoCollection<Document> records;
    private final MongoCollection<Document> items;
    private final Clock clock;
    private final MongoClient ownedClient;
    private final boolean createIndexes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean schemaReady;

    private MongoStore(Builder b) {
        this.records = b.database.getCollection(b.collectionPrefix + "records");
        this.items = b.database.getCollection(b.collectionPrefix + "items");
        this.clock = b.clock;
        this.ownedClient = b.ownedClient;
        this.createIndexes = b.createIndexes;
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
        return records.getNamespace().getCollectionName();
    }

    /** The items collection's name. */
    public String itemsCollection() {
        return items.getNamespace().getCollectionName();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Stored> read(StoreKey key) {
        Objects.requireNonNull(key, "key");
        return call("read " + key, () -> liveDoc(key)).map(RecordDoc::stored);
    }

    @Override
    public Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<String> ids = keys.stream().map(RecordDoc::docId).distinct().toList();
        Map<String, Stored> byId = call("read " + keys.size() + " records", () -> {
            Map<String, Stored> found = new LinkedHashMap<>();
            for (Document d : records.find(Filters.and(Filters.in(RecordDoc.ID, ids), live()))) {
                Stored s = RecordDoc.fromDocument(d).stored();
                found.put(RecordDoc.docId(s.key()), s);
            }
            return found;
        });
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
        String after = Cursors.lastId(q.cursor());
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq(RecordDoc.KIND, q.kind().label()));
        if (!q.prefix().isEmpty()) {
            String low = SortKeys.of(q.prefix());
            filters.add(Filters.gte(RecordDoc.SORT_KEY, low));
            filters.add(Filters.lt(RecordDoc.SORT_KEY, low + SortKeys.ABOVE_ALL));
        }
        if (after != null) {
            filters.add(Filters.gt(RecordDoc.SORT_KEY, SortKeys.of(after)));
        }
        if (q.flowId() != null) {
            filters.add(Filters.eq(RecordDoc.FLOW, q.flowId()));
        }
        if (q.status() != null) {
            filters.add(Filters.eq(RecordDoc.STATUS, q.status()));
        }
        if (q.userId() != null) {
            filters.add(Filters.eq(RecordDoc.USER, q.userId()));
        }
        if (q.updatedAfter() != null) {
            filters.add(Filters.gte(RecordDoc.UPDATED_NANOS, RecordDoc.nanos(q.updatedAfter())));
        }
        if (q.updatedBefore() != null) {
            filters.add(Filters.lt(RecordDoc.UPDATED_NANOS, RecordDoc.nanos(q.updatedBefore())));
        }
        filters.add(live());
        return call("list " + q.kind().label(), () -> {
            List<Stored> found = new ArrayList<>();
            List<Page.Unreadable> unreadable = new ArrayList<>();
            String lastId = null;
            boolean more = false;
            for (Document d : records.find(Filters.and(filters)).sort(Sorts.ascending(RecordDoc.SORT_KEY))
                    .limit(q.limit() + 1)) {
                if (found.size() + unreadable.size() == q.limit()) {
                    more = true;
                    break;
                }
                String id = d.get(RecordDoc.RECORD_ID) instanceof String s ? s : null;
                try {
                    Stored s = RecordDoc.fromDocument(d).stored();
                    found.add(s);
                    lastId = s.key().id();
                } catch (CorruptRecordException e) {
                    unreadable.add(new Page.Unreadable(e.location(), e.getMessage()));
                    if (id != null) {
                        lastId = id;
                    }
                }
            }
            return new Page(found, unreadable, more && lastId != null ? Cursors.after(lastId) : null);
        });
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        Objects.requireNonNull(window, "window");
        return call("read items of " + key, () -> {
            Optional<RecordDoc> doc = liveDoc(key);
            if (doc.isEmpty() || doc.get().lastSeq() == 0) {
                return List.of();
            }
            RecordDoc r = doc.get();
            List<Bson> filters = new ArrayList<>(List.of(
                    Filters.eq(ItemDocs.RECORD, RecordDoc.docId(key)),
                    Filters.eq(ItemDocs.INCARNATION, r.incarnation()),
                    Filters.lte(ItemDocs.SEQ, r.lastSeq())));
            if (!window.last()) {
                filters.add(Filters.gt(ItemDocs.SEQ, window.afterSeq()));
            }
            filters.add(r.lastTx() == null ? Filters.eq(ItemDocs.COMMITTED, true)
                    : Filters.or(Filters.eq(ItemDocs.COMMITTED, true), Filters.eq(ItemDocs.TX, r.lastTx())));
            Bson sort = window.last() ? Sorts.descending(ItemDocs.SEQ) : Sorts.ascending(ItemDocs.SEQ);
            List<Item> found = new ArrayList<>();
            for (Document d : items.find(Filters.and(filters)).sort(sort).limit(window.limit())) {
                found.add(ItemDocs.fromDocument(key.toString(), d));
            }
            if (window.last()) {
                Collections.reverse(found);
            }
            return found;
        });
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
                Optional<WriteResult> result;
                if (w.expect() instanceof Expect.Absent) {
                    result = create(w);
                } else if (w.expect() instanceof Expect.Version v) {
                    result = Optional.of(update(w, v.version(), null));
                } else {
                    Optional<RecordDoc> current = liveDoc(w.key());
                    if (current.isEmpty()) {
                        result = create(w);
                    } else {
                        WriteResult r = update(w, current.get().stored().version(), current.get());
                        result = r instanceof WriteResult.Written ? Optional.of(r) : Optional.empty();
                    }
                }
                if (result.isPresent()) {
                    return result.get();
                }
            }
            throw new StoreException("write " + w.key() + " gave up after " + MAX_ATTEMPTS
                    + " attempts: the record changed under every one of them");
        });
    }

    private static void checkSize(String what, int length) {
        if (length > MAX_VALUE_BYTES) {
            throw new StoreException(what + " is " + length + " bytes; the MongoDB store holds at most "
                    + MAX_VALUE_BYTES + " bytes per value or item (MongoDB documents are limited to 16 MiB)");
        }
    }

    /** A create-if-absent; empty when the outcome must be decided again (the record vanished meanwhile). */
    private Optional<WriteResult> create(Write w) {
        Instant now = clock.instant();
        String docId = RecordDoc.docId(w.key());
        String tx = UUID.randomUUID().toString();
        long lastSeq = w.items().isEmpty() ? 0 : w.items().get(w.items().size() - 1).seq();
        Stored stored = new Stored(w.key(), w.value(), Versions.initial(), w.attributes(), now, now.plus(w.ttl()));
        Document doc = RecordDoc.toDocument(new RecordDoc(stored, tx, lastSeq, w.items().isEmpty() ? null : tx));
        insertItems(docId, tx, tx, w.items());
        try {
            records.insertOne(doc);
            markCommitted(tx, w.items());
            return Optional.of(new WriteResult.Written(stored.version(), stored.expiresAt()));
        } catch (MongoException e) {
            if (!MongoFailures.duplicateKey(e)) {
                throw e;
            }
        }
        // A record document exists: take its place only if it has expired.
        Document replaced = records.findOneAndReplace(
                Filters.and(Filters.eq(RecordDoc.ID, docId), Filters.lte(RecordDoc.EXPIRES_NANOS, RecordDoc.nanos(now))),
                doc, new FindOneAndReplaceOptions().returnDocument(ReturnDocument.BEFORE));
        if (replaced != null) {
            markCommitted(tx, w.items());
            removeItemsOf(docId, replaced.get(RecordDoc.INCARNATION));
            return Optional.of(new WriteResult.Written(stored.version(), stored.expiresAt()));
        }
        removeTx(tx, w.items());
        Optional<RecordDoc> current = liveDoc(w.key());
        if (current.isPresent()) {
            return Optional.of(new WriteResult.Conflict(current.map(RecordDoc::stored)));
        }
        return Optional.empty();
    }

    /**
     * A compare-and-set on {@code expected}. {@code known} is the live record already read, or null.
     * Returns a conflict (with the current record) when the version does not match.
     */
    private WriteResult update(Write w, long expected, RecordDoc known) {
        Instant now = clock.instant();
        String docId = RecordDoc.docId(w.key());
        long next = Versions.next(expected);
        Instant expiresAt = now.plus(w.ttl());
        List<Bson> sets = new ArrayList<>(List.of(
                Updates.set(RecordDoc.VALUE, new org.bson.types.Binary(w.value())),
                Updates.set(RecordDoc.VERSION, next),
                Updates.set(RecordDoc.FLOW, w.attributes().flowId()),
                Updates.set(RecordDoc.STATUS, w.attributes().status()),
                Updates.set(RecordDoc.USER, w.attributes().userId()),
                Updates.set(RecordDoc.UPDATED_NANOS, RecordDoc.nanos(now)),
                Updates.set(RecordDoc.EXPIRES_NANOS, RecordDoc.nanos(expiresAt)),
                Updates.set(RecordDoc.EXPIRES_DATE, java.util.Date.from(expiresAt))));
        Bson filter = Filters.and(Filters.eq(RecordDoc.ID, docId), Filters.eq(RecordDoc.VERSION, expected), live(now));
        if (w.items().isEmpty()) {
            Document after = records.findOneAndUpdate(filter, Updates.combine(sets),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER).projection(
                            new Document(RecordDoc.VERSION, 1)));
            if (after == null) {
                return new WriteResult.Conflict(liveDoc(w.key()).map(RecordDoc::stored));
            }
            return new WriteResult.Written(next, expiresAt);
        }
        RecordDoc current = known != null ? known : liveDoc(w.key()).orElse(null);
        if (current == null || current.stored().version() != expected) {
            return new WriteResult.Conflict(Optional.ofNullable(current).map(RecordDoc::stored));
        }
        long firstSeq = w.items().get(0).seq();
        if (firstSeq <= current.lastSeq()) {
            throw new IllegalArgumentException("item seq " + firstSeq + " of " + w.key()
                    + " is not above the last stored seq " + current.lastSeq());
        }
        rollForward(current);
        String tx = UUID.randomUUID().toString();
        insertItems(docId, current.incarnation(), tx, w.items());
        sets.add(Updates.set(RecordDoc.LAST_SEQ, w.items().get(w.items().size() - 1).seq()));
        sets.add(Updates.set(RecordDoc.LAST_TX, tx));
        // The commit point. If this call fails the outcome is unknown, but still all or nothing: the
        // items stay tagged with tx and are visible only if the update landed.
        boolean committed = records.updateOne(filter, Updates.combine(sets)).getMatchedCount() == 1;
        if (!committed) {
            removeTx(tx, w.items());
            return new WriteResult.Conflict(liveDoc(w.key()).map(RecordDoc::stored));
        }
        markCommitted(tx, w.items());
        return new WriteResult.Written(next, expiresAt);
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
            Bson filter = Filters.eq(RecordDoc.ID, RecordDoc.docId(key));
            if (expect instanceof Expect.Version v) {
                filter = Filters.and(filter, Filters.eq(RecordDoc.VERSION, v.version()), live(now));
            }
            Document removed = records.findOneAndDelete(filter);
            if (removed == null) {
                if (expect instanceof Expect.Version) {
                    return new DeleteResult.Conflict(liveDoc(key).map(RecordDoc::stored));
                }
                return new DeleteResult.Deleted(false);
            }
            removeItemsOf(RecordDoc.docId(key), removed.get(RecordDoc.INCARNATION));
            Object exp = removed.get(RecordDoc.EXPIRES_NANOS);
            boolean existed = !(exp instanceof Long l) || l > RecordDoc.nanos(now);
            return new DeleteResult.Deleted(existed);
        });
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        Objects.requireNonNull(key, "key");
        call("trim items of " + key, () -> items.deleteMany(Filters.and(
                Filters.eq(ItemDocs.RECORD, RecordDoc.docId(key)), Filters.lt(ItemDocs.SEQ, beforeSeq))));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedClient != null) {
            ownedClient.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private Optional<RecordDoc> liveDoc(StoreKey key) {
        Document d = records.find(Filters.and(Filters.eq(RecordDoc.ID, RecordDoc.docId(key)), live())).first();
        return d == null ? Optional.empty() : Optional.of(RecordDoc.fromDocument(d));
    }

    private Bson live() {
        return live(clock.instant());
    }

    private static Bson live(Instant now) {
        return Filters.gt(RecordDoc.EXPIRES_NANOS, RecordDoc.nanos(now));
    }

    private void insertItems(String docId, String incarnation, String tx, List<Item> toAppend) {
        if (toAppend.isEmpty()) {
            return;
        }
        List<Document> docs = new ArrayList<>(toAppend.size());
        for (Item item : toAppend) {
            docs.add(ItemDocs.toDocument(docId, incarnation, tx, item));
        }
        items.insertMany(docs, new InsertManyOptions().ordered(true));
    }

    /** Marks a committed write's items; when this fails the record's ltx still makes them visible. */
    private void markCommitted(String tx, List<Item> written) {
        if (written.isEmpty()) {
            return;
        }
        try {
            items.updateMany(Filters.eq(ItemDocs.TX, tx), Updates.set(ItemDocs.COMMITTED, true));
        } catch (MongoException e) {
            LOG.debug("items of write {} stay unmarked until the next write rolls them forward: {}", tx, e.toString());
        }
    }

    /** Marks the items of the record's last write committed before the record stops naming it. */
    private void rollForward(RecordDoc current) {
        if (current.lastTx() != null) {
            items.updateMany(Filters.and(Filters.eq(ItemDocs.TX, current.lastTx()), Filters.eq(ItemDocs.COMMITTED, false)),
                    Updates.set(ItemDocs.COMMITTED, true));
        }
    }

    /** Removes the items of a write that did not commit; if this fails they stay invisible. */
    private void removeTx(String tx, List<Item> written) {
        if (written.isEmpty()) {
            return;
        }
        try {
            items.deleteMany(Filters.eq(ItemDocs.TX, tx));
        } catch (MongoException e) {
            LOG.debug("uncommitted items of write {} stay behind (invisible): {}", tx, e.toString());
        }
    }

    /**
     * Removes the items of a record incarnation that is gone (deleted, or expired and replaced). It
     * runs after the record change took effect, so a failure must not turn that success into an
     * error: the items are invisible already (no live record has their incarnation) and are left
     * behind, with a warning.
     */
    private void removeItemsOf(String docId, Object incarnation) {
        try {
            items.deleteMany(Filters.and(Filters.eq(ItemDocs.RECORD, docId), Filters.eq(ItemDocs.INCARNATION, incarnation)));
        } catch (MongoException e) {
            LOG.warn("items of removed record {} stay behind (invisible) in {}: {}", docId,
                    items.getNamespace(), e.toString());
        }
    }

    private <T> T call(String operation, Supplier<T> body) {
        if (closed.get()) {
            throw new StoreException("MongoDB store is closed (" + operation + ")");
        }
        try {
            if (!schemaReady) {
                ensureSchema();
            }
            return body.get();
        } catch (MongoException e) {
            throw MongoFailures.translate(operation, e);
        }
    }

    private synchronized void ensureSchema() {
        if (!schemaReady) {
            MongoSchema.ensure(records, items, createIndexes);
            schemaReady = true;
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
                throw new IllegalArgumentException("collection prefix '" + prefix
                        + "' is not usable in a MongoDB collection name");
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
