package dev.stepwise.store.dynamodb;

import static dev.stepwise.store.dynamodb.Rows.s;

import dev.stepwise.store.Item;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Items of a write too large for one transaction, written outside it.
 *
 * <p>They are staged first, tagged with a fresh write id and {@code c = false}; the record's
 * conditional update then names that write id ({@code ltx}) and is the commit point, after which
 * the items are re-put with {@code c = true} (or by the next writer of the record, before its own
 * commit: {@link #rollForward}). Staged items of a write that lost are removed when possible and
 * are invisible anyway, since no record names their write id.
 */
final class StagedItems {

    private static final Logger LOG = LoggerFactory.getLogger(StagedItems.class);

    private final Table table;
    private final Batches batches;

    StagedItems(Table table, Batches batches) {
        this.table = table;
        this.batches = batches;
    }

    /** The rows of {@code items}, tagged with the record's incarnation and write id {@code tx}. */
    static List<Map<String, AttributeValue>> rows(
            String pk, String incarnation, String tx, boolean committed, List<Item> items) {
        List<Map<String, AttributeValue>> rows = new ArrayList<>(items.size());
        for (Item item : items) {
            rows.add(Rows.toItem(pk, incarnation, tx, committed, item));
        }
        return rows;
    }

    /** Writes uncommitted rows before the commit point. */
    void stage(List<Map<String, AttributeValue>> rows) {
        batches.put(rows);
    }

    /** Marks the staged items of the record's last write committed, before the record stops naming it. */
    void rollForward(String pk, RecordRow current) {
        if (current.lastTx() == null) {
            return;
        }
        List<Map<String, AttributeValue>> pending = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.client()
                    .query(QueryRequest.builder()
                            .tableName(table.name())
                            .consistentRead(true)
                            .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi")
                            .filterExpression("#t = :t AND #c = :false")
                            .expressionAttributeNames(Map.of(
                                    "#pk", Rows.PK, "#sk", Rows.SK, "#t", Rows.ITEM_TX, "#c", Rows.ITEM_COMMITTED))
                            .expressionAttributeValues(Map.of(
                                    ":pk",
                                    s(pk),
                                    ":lo",
                                    s(Keys.itemSkPrefix(current.lastTxFirst())),
                                    ":hi",
                                    s(Keys.itemSkEnd(current.lastSeq())),
                                    ":t",
                                    s(current.lastTx()),
                                    ":false",
                                    AttributeValue.fromBool(false)))
                            .exclusiveStartKey(start)
                            .build());
            for (Map<String, AttributeValue> row : page.items()) {
                Map<String, AttributeValue> marked = new HashMap<>(row);
                marked.put(Rows.ITEM_COMMITTED, AttributeValue.fromBool(true));
                pending.add(marked);
            }
            start = Table.nextStart(page);
        } while (start != null);
        batches.put(pending);
    }

    /** Re-puts a committed write's rows marked committed; when this fails, the next writer rolls them forward. */
    void markCommitted(List<Map<String, AttributeValue>> rows) {
        try {
            batches.put(rows);
        } catch (SdkException e) {
            LOG.debug("committed items stay unmarked until the next write rolls them forward: {}", e.toString());
        }
    }

    /** Removes the staged rows of a write that lost; when this fails they stay behind, invisible. */
    void remove(List<Map<String, AttributeValue>> rows) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Map<String, AttributeValue> row : rows) {
            keys.add(Table.keyOf(row));
        }
        try {
            batches.delete(keys);
        } catch (SdkException e) {
            LOG.debug("staged items of a losing write stay behind (invisible): {}", e.toString());
        }
    }
}
