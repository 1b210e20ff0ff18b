package dev.stepwise.store.dynamodb;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The store's table: the client, the table's name and the strongly consistent read of a record row. */
record Table(DynamoDbClient client, String name) {

    /** The record row of {@code key} if it is live at {@code now}. */
    Optional<RecordRow> liveRow(StoreKey key, Instant now) {
        return row(key).filter(r -> r.stored().expiresAt().isAfter(now));
    }

    /** The record row of {@code key}, expired or not (strongly consistent read). */
    Optional<RecordRow> row(StoreKey key) {
        Map<String, AttributeValue> row = client.getItem(
                        r -> r.tableName(name).consistentRead(true).key(Rows.key(Keys.pk(key), Keys.RECORD_SK)))
                .item();
        if (row == null || row.isEmpty()) {
            return Optional.empty();
        }
        RecordRow record = Rows.fromRecord(row);
        if (!record.stored().key().equals(key)) {
            throw new CorruptRecordException(key.toString(), "row holds a different id (hash collision or tampering)");
        }
        return Optional.of(record);
    }

    /** Where the next page of a query starts, or null when {@code page} was the last. */
    static Map<String, AttributeValue> nextStart(QueryResponse page) {
        return page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    }

    /** The key attributes of a row, to delete it. */
    static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> row) {
        return Map.of(Rows.PK, row.get(Rows.PK), Rows.SK, row.get(Rows.SK));
    }
}
