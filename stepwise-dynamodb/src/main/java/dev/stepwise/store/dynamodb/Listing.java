package dev.stepwise.store.dynamodb;

import static dev.stepwise.store.dynamodb.Rows.b;
import static dev.stepwise.store.dynamodb.Rows.n;
import static dev.stepwise.store.dynamodb.Rows.s;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Cursors;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.Stored;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Listing: a query on the {@value DynamoDbSchema#LIST_INDEX} index for the kind, from the cursor
 * (and within the prefix's key range), with a {@code FilterExpression} for attributes, update time
 * and expiry. DynamoDB applies filters after reading a page, so this keeps querying
 * ({@code ExclusiveStartKey}) until the page is full or the index is exhausted.
 */
final class Listing {

    private final Table table;

    Listing(Table table) {
        this.table = table;
    }

    /** A page of {@code q} after the id {@code after} (null for the first page), live at {@code now}. */
    Page list(ListQuery q, String after, Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#k", Rows.KIND, "#exp", Rows.EXPIRES_NANOS));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":k", s(q.kind().label()));
        values.put(":now", n(Rows.nanos(now)));
        byte[] low = q.prefix().isEmpty() ? new byte[0] : Keys.listKey(q.prefix());
        if (after != null) {
            byte[] cursorKey = Keys.listKey(after);
            if (Arrays.compareUnsigned(cursorKey, low) > 0) {
                low = cursorKey;
            }
        }
        String keyCondition = "#k = :k";
        if (!q.prefix().isEmpty()) {
            values.put(":lo", b(low));
            values.put(":hi", b(Keys.listKeyEnd(Keys.listKey(q.prefix()))));
            names.put("#lk", Rows.LIST_KEY);
            keyCondition += " AND #lk BETWEEN :lo AND :hi";
        } else if (low.length > 0) {
            values.put(":lo", b(low));
            names.put("#lk", Rows.LIST_KEY);
            keyCondition += " AND #lk >= :lo";
        }
        List<String> filters = new ArrayList<>(List.of("#exp > :now"));
        filter(filters, names, values, Rows.FLOW, q.flowId());
        filter(filters, names, values, Rows.STATUS, q.status());
        filter(filters, names, values, Rows.USER, q.userId());
        if (q.updatedAfter() != null || q.updatedBefore() != null) {
            names.put("#upd", Rows.UPDATED_NANOS);
        }
        if (q.updatedAfter() != null) {
            filters.add("#upd >= :ua");
            values.put(":ua", n(Rows.nanos(q.updatedAfter())));
        }
        if (q.updatedBefore() != null) {
            filters.add("#upd < :ub");
            values.put(":ub", n(Rows.nanos(q.updatedBefore())));
        }
        // Rows arrive in listing-key order; ids longer than the listing key may tie, so a page
        // is cut only after the tie group holding its last record has been read completely.
        List<Stored> matched = new ArrayList<>();
        List<Page.Unreadable> unreadable = new ArrayList<>();
        byte[] lastKey = null;
        Map<String, AttributeValue> start = null;
        boolean exhausted = false;
        outer:
        while (true) {
            QueryResponse page = table.client()
                    .query(QueryRequest.builder()
                            .tableName(table.name())
                            .indexName(DynamoDbSchema.LIST_INDEX)
                            .keyConditionExpression(keyCondition)
                            .filterExpression(String.join(" AND ", filters))
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(values)
                            .limit(Math.max(q.limit() + 1, 25))
                            .exclusiveStartKey(start)
                            .build());
            for (Map<String, AttributeValue> row : page.items()) {
                byte[] rowKey = row.containsKey(Rows.LIST_KEY)
                        ? row.get(Rows.LIST_KEY).b().asByteArray()
                        : null;
                if (lastKey != null
                        && rowKey != null
                        && !Arrays.equals(rowKey, lastKey)
                        && matched.size() > q.limit()) {
                    break outer;
                }
                lastKey = rowKey;
                try {
                    Stored stored = Rows.fromRecord(row).stored();
                    String id = stored.key().id();
                    if (id.startsWith(q.prefix()) && (after == null || id.compareTo(after) > 0)) {
                        matched.add(stored);
                    }
                } catch (CorruptRecordException e) {
                    unreadable.add(new Page.Unreadable(e.location(), e.getMessage()));
                }
            }
            start = Table.nextStart(page);
            if (start == null) {
                exhausted = true;
                break;
            }
        }
        matched.sort(Comparator.comparing(st -> st.key().id()));
        boolean more = matched.size() > q.limit();
        List<Stored> records = more ? matched.subList(0, q.limit()) : matched;
        String next = more ? Cursors.after(records.get(records.size() - 1).key().id()) : null;
        if (!more && !exhausted) {
            throw new IllegalStateException("listing stopped before the index was exhausted");
        }
        return new Page(records, unreadable, next);
    }

    private static void filter(
            List<String> filters,
            Map<String, String> names,
            Map<String, AttributeValue> values,
            String attribute,
            String wanted) {
        if (wanted != null) {
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, s(wanted));
            filters.add("#" + attribute + " = :" + attribute);
        }
    }
}
