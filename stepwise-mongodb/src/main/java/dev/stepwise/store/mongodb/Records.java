package dev.stepwise.store.mongodb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The records collection and its reads; every read filters on {@code expN > now}. */
record Records(MongoCollection<Document> collection) {

    /** The filter matching records live at {@code now}. */
    static Bson live(Instant now) {
        return Filters.gt(RecordDoc.EXPIRES_NANOS, RecordDoc.nanos(now));
    }

    /** The record of {@code key} if it is live at {@code now}. */
    Optional<RecordDoc> liveDoc(StoreKey key, Instant now) {
        Document d = collection
                .find(Filters.and(Filters.eq(RecordDoc.ID, RecordDoc.docId(key)), live(now)))
                .first();
        return d == null ? Optional.empty() : Optional.of(RecordDoc.fromDocument(d));
    }

    /** The live records among {@code keys}, by document id. */
    Map<String, Stored> liveByDocId(Collection<StoreKey> keys, Instant now) {
        List<String> ids = keys.stream().map(RecordDoc::docId).distinct().toList();
        Map<String, Stored> found = new LinkedHashMap<>();
        for (Document d : collection.find(Filters.and(Filters.in(RecordDoc.ID, ids), live(now)))) {
            Stored s = RecordDoc.fromDocument(d).stored();
            found.put(RecordDoc.docId(s.key()), s);
        }
        return found;
    }
}
