package dev.stepwise.store.dynamodb;

import static dev.stepwise.store.dynamodb.Rows.n;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Deletes a record row under its condition, then the items of its incarnation. */
final class RecordDelete {

    private final Table table;
    private final Clock clock;
    private final ItemLog log;

    RecordDelete(Table table, Clock clock, ItemLog log) {
        this.table = table;
        this.clock = clock;
        this.log = log;
    }

    /** {@code expect} is a version or any (the caller refuses absent). */
    DeleteResult delete(StoreKey key, Expect expect) {
        Instant now = clock.instant();
        String pk = Keys.pk(key);
        Map<String, AttributeValue> old;
        try {
            old = table.client().deleteItem(r -> {
                r.tableName(table.name()).key(Rows.key(pk, Keys.RECORD_SK)).returnValues(ReturnValue.ALL_OLD);
                if (expect instanceof Expect.Version v) {
                    r.conditionExpression("#ver = :v AND #exp > :now")
                            .expressionAttributeNames(Map.of("#ver", Rows.VERSION, "#exp", Rows.EXPIRES_NANOS))
                            .expressionAttributeValues(Map.of(":v", n(v.version()), ":now", n(Rows.nanos(now))));
                } else {
                    // Conditional even when unconditional: of two racing deletes only one may
                    // report the record it removed.
                    r.conditionExpression("attribute_exists(#pk)").expressionAttributeNames(Map.of("#pk", Rows.PK));
                }
            }).attributes();
        } catch (ConditionalCheckFailedException e) {
            if (expect instanceof Expect.Any) {
                return new DeleteResult.Deleted(false);
            }
            return new DeleteResult.Conflict(table.liveRow(key, clock.instant()).map(RecordRow::stored));
        }
        if (old == null || old.isEmpty()) {
            return new DeleteResult.Deleted(false);
        }
        AttributeValue inc = old.get(Rows.INCARNATION);
        if (inc != null && inc.s() != null) {
            log.removeIncarnation(pk, inc.s());
        }
        AttributeValue exp = old.get(Rows.EXPIRES_NANOS);
        boolean existed = exp == null || exp.n() == null || Long.parseLong(exp.n()) > Rows.nanos(now);
        return new DeleteResult.Deleted(existed);
    }
}
