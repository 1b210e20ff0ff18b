package dev.stepwise.store.dynamodb;

import static dev.stepwise.store.dynamodb.Rows.s;

import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The item rows of a record's partition: reading a window of the visible ones and removing them.
 *
 * <p>Readers take the record first and see only items with the record's incarnation,
 * {@code seq <= record.seq} and {@code c = true or t = record.ltx}: staged items of a write that
 * lost (or never committed) stay invisible (see {@link StagedItems}).
 */
final class ItemLog {

    private static final Logger LOG = LoggerFactory.getLogger(ItemLog.class);

    private final Table table;
    private final Batches batches;

    ItemLog(Table table, Batches batches) {
        this.table = table;
        this.batches = batches;
    }

    /** The visible items of {@code record} (the live record row of {@code key}, if any) in {@code window}. */
    List<Item> read(StoreKey key, Optional<RecordRow> record, ItemWindow window) {
        if (record.isEmpty() || record.get().lastSeq() == 0) {
            return List.of();
        }
        RecordRow r = record.get();
        long from = window.last() ? 1 : window.afterSeq() + 1;
        if (from > r.lastSeq()) {
            return List.of();
        }
        Map<String, String> names = Map.of(
                "#pk",
                Rows.PK,
                "#sk",
                Rows.SK,
                "#i",
                Rows.ITEM_INCARNATION,
                "#c",
                Rows.ITEM_COMMITTED,
                "#t",
                Rows.ITEM_TX);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(Keys.pk(key)));
        values.put(":lo", s(Keys.itemSkPrefix(from)));
        values.put(":hi", s(Keys.itemSkEnd(r.lastSeq())));
        values.put(":i", s(r.incarnation()));
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":t", s(r.lastTx() == null ? "-" : r.lastTx()));
        List<Item> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.client()
                    .query(QueryRequest.builder()
                            .tableName(table.name())
                            .consistentRead(true)
                            .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi")
                            .filterExpression("#i = :i AND (#c = :true OR #t = :t)")
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(values)
                            .scanIndexForward(!window.last())
                            .exclusiveStartKey(start)
                            .build());
            for (Map<String, AttributeValue> row : page.items()) {
                if (items.size() < window.limit()) {
                    items.add(Rows.fromItem(key.toString(), row));
                }
            }
            start = Table.nextStart(page);
        } while (start != null && items.size() < window.limit());
        if (window.last()) {
            Collections.reverse(items);
        }
        return items;
    }

    /** Deletes item rows of {@code pk} below {@code beforeSeq}, of one incarnation or (null) all. */
    void delete(String pk, String incarnation, long beforeSeq) {
        if (beforeSeq <= 1) {
            return;
        }
        Map<String, String> names = new HashMap<>(Map.of("#pk", Rows.PK, "#sk", Rows.SK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":pk",
                s(pk),
                ":lo",
                s("i#"),
                ":hi",
                s(beforeSeq == Long.MAX_VALUE ? "i#~" : Keys.itemSkPrefix(beforeSeq))));
        String filter = null;
        if (incarnation != null) {
            names.put("#i", Rows.ITEM_INCARNATION);
            values.put(":i", s(incarnation));
            filter = "#i = :i";
        }
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.client()
                    .query(QueryRequest.builder()
                            .tableName(table.name())
                            .consistentRead(true)
                            .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi")
                            .filterExpression(filter)
                            .projectionExpression("#pk, #sk")
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(values)
                            .exclusiveStartKey(start)
                            .build());
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (Map<String, AttributeValue> row : page.items()) {
                keys.add(Table.keyOf(row));
            }
            batches.delete(keys);
            start = Table.nextStart(page);
        } while (start != null);
    }

    /**
     * Removes the items of a record incarnation that is gone (deleted, or expired and replaced). No
     * write can add to it any more (item writes are conditional on the record's incarnation), so
     * this is safe at any time. It runs after the record change took effect, so a failure must not
     * turn that success into an error: the items are invisible already and are left behind, with a
     * warning.
     */
    void removeIncarnation(String pk, String incarnation) {
        try {
            delete(pk, incarnation, Long.MAX_VALUE);
        } catch (SdkException | StoreException e) {
            LOG.warn(
                    "items of removed record {} stay behind (invisible) in table {}: {}",
                    pk,
                    table.name(),
                    e.toString());
        }
    }
}
