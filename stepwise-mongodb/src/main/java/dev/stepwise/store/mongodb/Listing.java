package dev.stepwise.store.mongodb;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Cursors;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.Stored;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Listing: a {@code find} on {@code {k, sk range, attribute equalities, updN range, expN > now}}
 * sorted by {@code sk} (see {@link SortKeys}) through the {@value MongoSchema#LIST_INDEX} index, so
 * filters run in the query and pages are full.
 */
final class Listing {

    private final Records records;

    Listing(Records records) {
        this.records = records;
    }

    /** The query's filter: everything but the page size, for records after {@code after} (or null). */
    static Bson filter(ListQuery q, String after, Instant now) {
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
        filters.add(Records.live(now));
        return Filters.and(filters);
    }

    /** One page of records matching {@code filter}, at most {@code limit}. */
    Page list(Bson filter, int limit) {
        List<Stored> found = new ArrayList<>();
        List<Page.Unreadable> unreadable = new ArrayList<>();
        String lastId = null;
        boolean more = false;
        for (Document d : records.collection()
                .find(filter)
                .sort(Sorts.ascending(RecordDoc.SORT_KEY))
                .limit(limit + 1)) {
            if (found.size() + unreadable.size() == limit) {
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
    }
}
