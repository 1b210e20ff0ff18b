package dev.stepwise.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;
import dev.stepwise.store.Item;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write's items on their way into the log. They are inserted before the record's
 * compare-and-set, tagged with the write id {@code t} and {@code c = false}; the record naming
 * that write id ({@code ltx}) is the commit point. Afterwards the winner marks them committed (or
 * the next writer of the record does, {@link #rollForward}) and a loser removes them.
 */
final class StagedItems {

    private static final Logger LOG = LoggerFactory.getLogger(StagedItems.class);

    private final MongoCollection<Document> items;

    StagedItems(MongoCollection<Document> items) {
        this.items = items;
    }

    /** Inserts uncommitted items of write {@code tx} for the record incarnation. */
    void insert(String docId, String incarnation, String tx, List<Item> toAppend) {
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
    void markCommitted(String tx, List<Item> written) {
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
    void rollForward(RecordDoc current) {
        if (current.lastTx() != null) {
            items.updateMany(
                    Filters.and(Filters.eq(ItemDocs.TX, current.lastTx()), Filters.eq(ItemDocs.COMMITTED, false)),
                    Updates.set(ItemDocs.COMMITTED, true));
        }
    }

    /** Removes the items of a write that did not commit; if this fails they stay invisible. */
    void remove(String tx, List<Item> written) {
        if (written.isEmpty()) {
            return;
        }
        try {
            items.deleteMany(Filters.eq(ItemDocs.TX, tx));
        } catch (MongoException e) {
            LOG.debug("uncommitted items of write {} stay behind (invisible): {}", tx, e.toString());
        }
    }
}
