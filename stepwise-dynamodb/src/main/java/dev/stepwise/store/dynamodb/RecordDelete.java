package dev.stepwise.store.dynamodb;

import static dev.stepwise.store.dynamodb.Rows.n;

import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import dev.stepwise.store.support.ConditionalDelete;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Deletes a record row with one conditional {@code DeleteItem}, then the items of its incarnation. */
record RecordDelete(Table table, Clock clock, ItemLog log)
        implements ConditionalDelete.Steps<Map<String, AttributeValue>> {

    @Override
    public Optional<Map<String, AttributeValue>> remove(StoreKey key, OptionalLong expectedVersion, Instant now) {
        Map<String, AttributeValue> old;
        try {
            old = table.client()
                    .deleteItem(r -> {
                        r.tableName(table.name())
                                .key(Rows.key(Keys.pk(key), Keys.RECORD_SK))
                                .returnValues(ReturnValue.ALL_OLD);
                        if (expectedVersion.isPresent()) {
                            r.conditionExpression("#ver = :v AND #exp > :now")
                                    .expressionAttributeNames(Map.of("#ver", Rows.VERSION, "#exp", Rows.EXPIRES_NANOS))
                                    .expressionAttributeValues(
                                            Map.of(":v", n(expectedVersion.getAsLong()), ":now", n(Rows.nanos(now))));
                        } else {
                            // Conditional even when unconditional: of two racing deletes only one may
                            // report the record it removed.
                            r.conditionExpression("attribute_exists(#pk)")
                                    .expressionAttributeNames(Map.of("#pk", Rows.PK));
                        }
                    })
                    .attributes();
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
        return old == null || old.isEmpty() ? Optional.empty() : Optional.of(old);
    }

    @Override
    public void removeItems(StoreKey key, Map<String, AttributeValue> removed) {
        AttributeValue inc = removed.get(Rows.INCARNATION);
        if (inc != null && inc.s() != null) {
            log.removeIncarnation(Keys.pk(key), inc.s());
        }
    }

    @Override
    public boolean wasLive(Map<String, AttributeValue> removed, Instant now) {
        AttributeValue exp = removed.get(Rows.EXPIRES_NANOS);
        return exp == null || exp.n() == null || Long.parseLong(exp.n()) > Rows.nanos(now);
    }

    @Override
    public Optional<Stored> readLive(StoreKey key) {
        return table.liveRow(key, clock.instant()).map(RecordRow::stored);
    }
}
