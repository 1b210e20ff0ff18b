package dev.stepwise.store.mongodb;

import com.mongodb.client.model.Filters;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import java.time.Clock;
import java.time.Instant;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Deletes a record document under its condition, then the items of its incarnation. */
final class RecordDelete {

    private final Records records;
    private final Clock clock;
    private final ItemLog log;

    RecordDelete(Records records, Clock clock, ItemLog log) {
        this.records = records;
        this.clock = clock;
        this.log = log;
    }

    /** {@code expect} is a version or any (the caller refuses absent). */
    DeleteResult delete(StoreKey key, Expect expect) {
        Instant now = clock.instant();
        Bson filter = Filters.eq(RecordDoc.ID, RecordDoc.docId(key));
        if (expect instanceof Expect.Version v) {
            filter = Filters.and(filter, Filters.eq(RecordDoc.VERSION, v.version()), Records.live(now));
        }
        Document removed = records.collection().findOneAndDelete(filter);
        if (removed == null) {
            if (expect instanceof Expect.Version) {
                return new DeleteResult.Conflict(records.liveDoc(key, clock.instant()).map(RecordDoc::stored));
            }
            return new DeleteResult.Deleted(false);
        }
        log.removeIncarnation(RecordDoc.docId(key), removed.get(RecordDoc.INCARNATION));
        Object exp = removed.get(RecordDoc.EXPIRES_NANOS);
        boolean existed = !(exp instanceof Long l) || l > RecordDoc.nanos(now);
        return new DeleteResult.Deleted(existed);
    }
}
