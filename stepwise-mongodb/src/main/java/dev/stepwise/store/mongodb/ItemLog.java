package dev.stepwise.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.StoreKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The items collection as the log of each record: reading a window of the visible items and
 * removing items. A reader reads the record first and then sees exactly the items with
 * {@code i = record.inc}, {@code s <= record.seq} and either {@code c = true} or
 * {@code t = record.ltx} (see {@link StagedItems} for how writes get there).
 */
final class ItemLog {

    private static final Logger LOG = LoggerFactory.getLogger(ItemLog.class);

    private final MongoCollection<Document> items;

    ItemLog(MongoCollection<Document> items) {
        this.items = items;
    }

    /** The visible items of {@code record} (the live record of {@code key}, if any) in {@code window}. */
    List<Item> read(StoreKey key, Optional<RecordDoc> record, ItemWindow window) {
        if (record.isEmpty() || record.get().lastSeq() == 0) {
            return List.of();
        }
        RecordDoc r = record.get();
        List<Bson> filters = new ArrayList<>(List.of(
                Filters.eq(ItemDocs.RECORD, RecordDoc.docId(key)),
                Filters.eq(ItemDocs.INCARNATION, r.incarnation()),
                Filters.lte(ItemDocs.SEQ, r.lastSeq())));
        if (!window.last()) {
            filters.add(Filters.gt(ItemDocs.SEQ, window.afterSeq()));
        }
        filters.add(
                r.lastTx() == null
                        ? Filters.eq(ItemDocs.COMMITTED, true)
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
    }

    /** Removes the items of {@code key} below {@code beforeSeq}. */
    void trim(StoreKey key, long beforeSeq) {
        items.deleteMany(
                Filters.and(Filters.eq(ItemDocs.RECORD, RecordDoc.docId(key)), Filters.lt(ItemDocs.SEQ, beforeSeq)));
    }

    /**
     * Removes the items of a record incarnation that is gone (deleted, or expired and replaced). It
     * runs after the record change took effect, so a failure must not turn that success into an
     * error: the items are invisible already (no live record has their incarnation) and are left
     * behind, with a warning.
     */
    void removeIncarnation(String docId, Object incarnation) {
        try {
            items.deleteMany(
                    Filters.and(Filters.eq(ItemDocs.RECORD, docId), Filters.eq(ItemDocs.INCARNATION, incarnation)));
        } catch (MongoException e) {
            LOG.warn(
                    "items of removed record {} stay behind (invisible) in {}: {}",
                    docId,
                    items.getNamespace(),
                    e.toString());
        }
    }
}
