package dev.stepwise.store.mongodb;

import com.mongodb.client.model.Filters;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.support.ConditionalDelete;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Deletes a record document with one {@code findOneAndDelete}, then the items of its incarnation. */
record RecordDelete(Records records, Clock clock, ItemLog log) implements ConditionalDelete.Steps<Document> {

    @Override
    public Optional<Document> remove(StoreKey key, OptionalLong expectedVersion, Instant now) {
        Bson filter = Filters.eq(RecordDoc.ID, RecordDoc.docId(key));
        if (expectedVersion.isPresent()) {
            filter = Filters.and(filter, Filters.eq(RecordDoc.VERSION, expectedVersion.getAsLong()), Records.live(now));
        }
        return Optional.ofNullable(records.collection().findOneAndDelete(filter));
    }

    @Override
    public void removeItems(StoreKey key, Document removed) {
        log.removeIncarnation(RecordDoc.docId(key), removed.get(RecordDoc.INCARNATION));
    }

    @Override
    public boolean wasLive(Document removed, Instant now) {
        return !(removed.get(RecordDoc.EXPIRES_NANOS) instanceof Long expires) || expires > RecordDoc.nanos(now);
    }

    @Override
    public Optional<Stored> readLive(StoreKey key) {
        return records.liveDoc(key, clock.instant()).map(RecordDoc::stored);
    }
}
