package dev.stepwise.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/**
 * The write path: single-document compare-and-sets filtered on {@code {_id, ver, expN > now}}. A
 * create is an {@code insertOne} whose duplicate-key error (E11000) means a record is there: if it
 * is expired it is replaced with a {@code findOneAndReplace} filtered on {@code expN <= now},
 * otherwise the write is a conflict carrying that record. A write with items stages them first
 * ({@link StagedItems}); the record update naming its write id is the commit point.
 */
final class RecordWrites {

    private static final int MAX_ATTEMPTS = 64;

    private final Records records;
    private final Clock clock;
    private final StagedItems staged;
    private final ItemLog log;

    RecordWrites(Records records, Clock clock, StagedItems staged, ItemLog log) {
        this.records = records;
        this.clock = clock;
        this.staged = staged;
        this.log = log;
    }

    /** Refuses a value or payload too large for a document, before anything is written. */
    static void checkSizes(Write w) {
        checkSize("value of " + w.key(), w.value().length);
        for (Item item : w.items()) {
            checkSize("payload of item " + item.seq() + " of " + w.key(), item.payload().length);
        }
    }

    WriteResult write(Write w) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<WriteResult> result;
            if (w.expect() instanceof Expect.Absent) {
                result = create(w);
            } else if (w.expect() instanceof Expect.Version v) {
                result = Optional.of(update(w, v.version(), null));
            } else {
                Optional<RecordDoc> current = liveDoc(w);
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
    }

    private static void checkSize(String what, int length) {
        if (length > MongoStore.MAX_VALUE_BYTES) {
            throw new StoreException(what + " is " + length + " bytes; the MongoDB store holds at most "
                    + MongoStore.MAX_VALUE_BYTES + " bytes per value or item (MongoDB documents are limited to 16 MiB)");
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
        staged.insert(docId, tx, tx, w.items());
        try {
            records.collection().insertOne(doc);
            staged.markCommitted(tx, w.items());
            return Optional.of(new WriteResult.Written(stored.version(), stored.expiresAt()));
        } catch (MongoException e) {
            if (!MongoFailures.duplicateKey(e)) {
                throw e;
            }
        }
        // A record document exists: take its place only if it has expired.
        Document replaced = records.collection().findOneAndReplace(
                Filters.and(Filters.eq(RecordDoc.ID, docId), Filters.lte(RecordDoc.EXPIRES_NANOS, RecordDoc.nanos(now))),
                doc, new FindOneAndReplaceOptions().returnDocument(ReturnDocument.BEFORE));
        if (replaced != null) {
            staged.markCommitted(tx, w.items());
            log.removeIncarnation(docId, replaced.get(RecordDoc.INCARNATION));
            return Optional.of(new WriteResult.Written(stored.version(), stored.expiresAt()));
        }
        staged.remove(tx, w.items());
        Optional<RecordDoc> current = liveDoc(w);
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
                Updates.set(RecordDoc.VALUE, new Binary(w.value())),
                Updates.set(RecordDoc.VERSION, next),
                Updates.set(RecordDoc.FLOW, w.attributes().flowId()),
                Updates.set(RecordDoc.STATUS, w.attributes().status()),
                Updates.set(RecordDoc.USER, w.attributes().userId()),
                Updates.set(RecordDoc.UPDATED_NANOS, RecordDoc.nanos(now)),
                Updates.set(RecordDoc.EXPIRES_NANOS, RecordDoc.nanos(expiresAt)),
                Updates.set(RecordDoc.EXPIRES_DATE, Date.from(expiresAt))));
        Bson filter = Filters.and(Filters.eq(RecordDoc.ID, docId), Filters.eq(RecordDoc.VERSION, expected),
                Records.live(now));
        MongoCollection<Document> collection = records.collection();
        if (w.items().isEmpty()) {
            Document after = collection.findOneAndUpdate(filter, Updates.combine(sets),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER).projection(
                            new Document(RecordDoc.VERSION, 1)));
            if (after == null) {
                return new WriteResult.Conflict(liveDoc(w).map(RecordDoc::stored));
            }
            return new WriteResult.Written(next, expiresAt);
        }
        RecordDoc current = known != null ? known : liveDoc(w).orElse(null);
        if (current == null || current.stored().version() != expected) {
            return new WriteResult.Conflict(Optional.ofNullable(current).map(RecordDoc::stored));
        }
        long firstSeq = w.items().get(0).seq();
        if (firstSeq <= current.lastSeq()) {
            throw new IllegalArgumentException("item seq " + firstSeq + " of " + w.key()
                    + " is not above the last stored seq " + current.lastSeq());
        }
        staged.rollForward(current);
        String tx = UUID.randomUUID().toString();
        staged.insert(docId, current.incarnation(), tx, w.items());
        sets.add(Updates.set(RecordDoc.LAST_SEQ, w.items().get(w.items().size() - 1).seq()));
        sets.add(Updates.set(RecordDoc.LAST_TX, tx));
        // The commit point. If this call fails the outcome is unknown, but still all or nothing: the
        // items stay tagged with tx and are visible only if the update landed.
        boolean committed = collection.updateOne(filter, Updates.combine(sets)).getMatchedCount() == 1;
        if (!committed) {
            staged.remove(tx, w.items());
            return new WriteResult.Conflict(liveDoc(w).map(RecordDoc::stored));
        }
        staged.markCommitted(tx, w.items());
        return new WriteResult.Written(next, expiresAt);
    }

    private Optional<RecordDoc> liveDoc(Write w) {
        return records.liveDoc(w.key(), clock.instant());
    }
}
