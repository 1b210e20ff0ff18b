package dev.stepwise.store.dynamodb;

import static dev.stepwise.store.dynamodb.Rows.b;
import static dev.stepwise.store.dynamodb.Rows.n;
import static dev.stepwise.store.dynamodb.Rows.s;

import dev.stepwise.store.Write;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The conditional update of a record row for one write: every attribute the write sets, under its
 * condition. A create is {@code attribute_not_exists(pk) OR expN <= :now} (an expired row counts
 * as absent and is replaced, with a new incarnation); an update is
 * {@code ver = :expected AND expN > :now}, and also checks the incarnation when it appends items.
 */
final class RecordUpdate {

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();

    private RecordUpdate() {}

    /**
     * @param create      whether the write creates the record (replacing an absent or expired one)
     * @param expected    the version an update expects
     * @param version     the version the record gets
     * @param incarnation the record's incarnation (new for a create), or null when not known
     * @param lastSeq     the record's last item seq after the write
     * @param stagedTx    the write id of staged items, or null when the items (if any) go in the transaction
     */
    static Update of(
            String table,
            String pk,
            Write w,
            boolean create,
            long expected,
            long version,
            String incarnation,
            long lastSeq,
            String stagedTx,
            Instant now,
            Instant expiresAt) {
        RecordUpdate u = new RecordUpdate();
        u.set(Rows.VALUE, b(w.value()));
        u.set(Rows.VERSION, n(version));
        u.set(Rows.UPDATED_NANOS, n(Rows.nanos(now)));
        u.set(Rows.EXPIRES_NANOS, n(Rows.nanos(expiresAt)));
        u.set(Rows.TTL, n(Rows.ttlSeconds(expiresAt)));
        u.setOrRemove(Rows.FLOW, w.attributes().flowId());
        u.setOrRemove(Rows.STATUS, w.attributes().status());
        u.setOrRemove(Rows.USER, w.attributes().userId());
        u.names.put("#exp", Rows.EXPIRES_NANOS);
        u.values.put(":now", n(Rows.nanos(now)));
        String condition;
        if (create) {
            u.set(Rows.KIND, s(w.key().kind().label()));
            u.set(Rows.ID, s(w.key().id()));
            u.set(Rows.LIST_KEY, b(Keys.listKey(w.key().id())));
            u.set(Rows.INCARNATION, s(incarnation));
            u.set(Rows.LAST_SEQ, n(lastSeq));
            u.names.put("#pk", Rows.PK);
            condition = "attribute_not_exists(#pk) OR #exp <= :now";
        } else {
            if (!w.items().isEmpty()) {
                u.set(Rows.LAST_SEQ, n(lastSeq));
            }
            u.names.put("#ver", Rows.VERSION);
            u.values.put(":expected", n(expected));
            condition = "#ver = :expected AND #exp > :now";
            if (incarnation != null && !w.items().isEmpty()) {
                u.names.put("#inc", Rows.INCARNATION);
                u.values.put(":inc", s(incarnation));
                condition += " AND #inc = :inc";
            }
        }
        if (stagedTx != null) {
            u.set(Rows.LAST_TX, s(stagedTx));
            u.set(Rows.LAST_TX_FIRST_SEQ, n(w.items().get(0).seq()));
        } else if (create || !w.items().isEmpty()) {
            u.removes.add(u.name(Rows.LAST_TX));
            u.removes.add(u.name(Rows.LAST_TX_FIRST_SEQ));
        }
        String expression = "SET " + String.join(", ", u.sets)
                + (u.removes.isEmpty() ? "" : " REMOVE " + String.join(", ", u.removes));
        return Update.builder()
                .tableName(table)
                .key(Rows.key(pk, Keys.RECORD_SK))
                .updateExpression(expression)
                .conditionExpression(condition)
                .expressionAttributeNames(u.names)
                .expressionAttributeValues(u.values)
                .build();
    }

    private String name(String attribute) {
        names.put("#" + attribute, attribute);
        return "#" + attribute;
    }

    private void set(String attribute, AttributeValue value) {
        values.put(":" + attribute, value);
        sets.add(name(attribute) + " = :" + attribute);
    }

    private void setOrRemove(String attribute, String value) {
        if (value == null) {
            removes.add(name(attribute));
        } else {
            set(attribute, s(value));
        }
    }
}
