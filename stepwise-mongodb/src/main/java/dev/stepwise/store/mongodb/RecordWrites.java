package dev.stepwise.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.support.ConditionalWrite;
import dev.stepwise.store.support.Snapshot;
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
 * ({@link StagedItems}); the record update naming its write id is the commit point. Which of these
 * each condition runs, and the retries, are {@link ConditionalWrite}'s.
 */
record RecordWrites(Records records, Clock clock, StagedItems staged, ItemLog log)
        implements ConditionalWrite.Steps<Optional<RecordDoc>> {

    @Override
    public Optional<RecordDoc> read(Write w) {
        return liveDoc(w);
    }

    @Override
    public Optional<Stored> live(Optional<RecordDoc> read) {
        return read.map(RecordDoc::stored);
    }

    /** A create-if-absent; empty when the outcome must be decided again (the record vanished meanwhile). */
    @Override
    public Optional<WriteResult> create(Write w, Snapshot<Optional<RecordDoc>> snapshot) {
        Instant now = clock.instant();
        String docId = RecordDoc.docId(w.key());
        String tx = UUID.randomUUID().toString();
        long lastSeq =
                w.items().isEmpty() ? 0 : w.items().get(w.items().size() - 1).seq();
        Stored stored = new Stored(w.key(), w.value(), Versions.initial(), w.attributes(), now, now.plus(w.ttl()));
        Document doc = RecordDoc.toDocument(
                new RecordDoc(stored, tx, lastSeq, w.items().isEmpty() ? null : tx));
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
        Document replaced = records.collection()
                .findOneAndReplace(
                        Filters.and(
                                Filters.eq(RecordDoc.ID, docId),
                                Filters.lte(RecordDoc.EXPIRES_NANOS, RecordDoc.nanos(now))),
                        doc,
                        new FindOneAndReplaceOptions().returnDocument(ReturnDocument.BEFORE));
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
     * A compare-and-set on {@code expected}; a conflict (with the current record) when the version does
     * not match. Without items the filtered update decides alone; with items the record is read first
     * (or taken from the snapshot) to check the seqs and roll the previous write forward.
     */
    @Override
    public Optional<WriteResult> update(Write w, long expected, Snapshot<Optional<RecordDoc>> snapshot) {
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
        Bson filter = Filters.and(
                Filters.eq(RecordDoc.ID, docId), Filters.eq(RecordDoc.VERSION, expected), Records.live(now));
        MongoCollection<Document> collection = records.collection();
        if (w.items().isEmpty()) {
            Document after = collection.findOneAndUpdate(
                    filter,
                    Updates.combine(sets),
                    new FindOneAndUpdateOptions()
                            .returnDocument(ReturnDocument.AFTER)
                            .projection(new Document(RecordDoc.VERSION, 1)));
            if (after == null) {
                return Optional.of(new WriteResult.Conflict(liveDoc(w).map(RecordDoc::stored)));
            }
            return Optional.of(new WriteResult.Written(next, expiresAt));
        }
        RecordDoc current = snapshot.get().orElse(null);
        if (current == null || current.stored().version() != expected) {
            return Optional.of(
                    new WriteResult.Conflict(Optional.ofNullable(current).map(RecordDoc::stored)));
        }
        long firstSeq = w.items().get(0).seq();
        if (firstSeq <= current.lastSeq()) {
            throw new IllegalArgumentException("item seq " + firstSeq + " of " + w.key()
                    + " is not above the last stored seq " + current.lastSeq());
        }
        staged.rollForward(current);
        String tx = UUID.randomUUID().toString();
        staged.insert(docId, current.incarnation(), tx, w.items());
        sets.add(Updates.set(
                RecordDoc.LAST_SEQ, w.items().get(w.items().size() - 1).seq()));
        sets.add(Updates.set(RecordDoc.LAST_TX, tx));
        // The commit point. If this call fails the outcome is unknown, but still all or nothing: the
        // items stay tagged with tx and are visible only if the update landed.
        boolean committed = collection.updateOne(filter, Updates.combine(sets)).getMatchedCount() == 1;
        if (!committed) {
            staged.remove(tx, w.items());
            return Optional.of(new WriteResult.Conflict(liveDoc(w).map(RecordDoc::stored)));
        }
        staged.markCommitted(tx, w.items());
        return Optional.of(new WriteResult.Written(next, expiresAt));
    }

    private Optional<RecordDoc> liveDoc(Write w) {
        return records.liveDoc(w.key(), clock.instant());
    }
}
