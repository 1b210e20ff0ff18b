package dev.stepwise.store.dynamodb;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The write path: a compare-and-set of the record row ({@link RecordUpdate}) and, with it, the
 * write's items. Up to {@value DynamoDbStore#MAX_TRANSACTION_ITEMS} items (and
 * {@value DynamoDbStore#MAX_TRANSACTION_BYTES} bytes) go in one {@code TransactWriteItems} with the
 * record update: all or nothing; larger writes go through {@link StagedItems}. A failed condition
 * reads the current record and returns it in the conflict; a lost race is retried.
 */
final class RecordWrites {

    private static final int MAX_ATTEMPTS = 64;

    private final Table table;
    private final Clock clock;
    private final StagedItems staged;
    private final ItemLog log;

    RecordWrites(Table table, Clock clock, StagedItems staged, ItemLog log) {
        this.table = table;
        this.clock = clock;
        this.staged = staged;
        this.log = log;
    }

    /** Refuses a value or payload too large for a row, before anything is written. */
    static void checkSizes(Write w) {
        checkSize("value of " + w.key(), w.value().length);
        for (Item item : w.items()) {
            checkSize("payload of item " + item.seq() + " of " + w.key(), item.payload().length);
        }
    }

    WriteResult write(Write w) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Optional<WriteResult> result;
            if (w.expect() instanceof Expect.Version v && w.items().isEmpty()) {
                // The condition alone decides; no read needed.
                result = attempt(w, null, null, false, v.version(), now);
            } else if (w.expect() instanceof Expect.Absent && w.items().isEmpty()) {
                result = attempt(w, null, null, true, 0, now);
            } else {
                RecordRow row = table.row(w.key()).orElse(null);
                RecordRow current = row != null && row.stored().expiresAt().isAfter(now) ? row : null;
                String predecessor = row != null && current == null ? row.incarnation() : null;
                if (w.expect() instanceof Expect.Absent) {
                    result = current != null ? Optional.of(new WriteResult.Conflict(Optional.of(current.stored())))
                            : attempt(w, null, predecessor, true, 0, now);
                } else if (w.expect() instanceof Expect.Version v) {
                    if (current == null || current.stored().version() != v.version()) {
                        return new WriteResult.Conflict(Optional.ofNullable(current).map(RecordRow::stored));
                    }
                    result = attempt(w, current, null, false, v.version(), now);
                } else {
                    result = current == null ? attempt(w, null, predecessor, true, 0, now)
                            : attempt(w, current, null, false, current.stored().version(), now);
                    if (result.isPresent() && result.get() instanceof WriteResult.Conflict) {
                        result = Optional.empty(); // Expect.any: decide again against the new record
                    }
                }
            }
            if (result.isPresent()) {
                return result.get();
            }
            // Lost a race (or a transaction collided): spread the next attempts out a little.
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(1L << Math.min(attempt, 5)) + 1));
        }
        throw new StoreException("write " + w.key() + " gave up after " + MAX_ATTEMPTS
                + " attempts: the record changed under every one of them");
    }

    /**
     * One conditional write: a create (an absent or expired record is replaced) or an update of
     * version {@code expected}. {@code current} is the live record read just before, or null when
     * it was not read (an update without items, decided by its condition alone); {@code predecessor}
     * the incarnation of an expired record read just before, whose items a create removes. Returns empty when
     * the attempt must be repeated (a transaction collided with another one, or a create found the
     * record gone again by the time it read the conflict).
     */
    private Optional<WriteResult> attempt(Write w, RecordRow current, String predecessor, boolean create, long expected,
                                          Instant now) {
        String pk = Keys.pk(w.key());
        Instant expiresAt = now.plus(w.ttl());
        if (!w.items().isEmpty() && current != null && !create && w.items().get(0).seq() <= current.lastSeq()) {
            throw new IllegalArgumentException("item seq " + w.items().get(0).seq() + " of " + w.key()
                    + " is not above the last stored seq " + current.lastSeq());
        }
        long version = create ? Versions.initial() : Versions.next(expected);
        String incarnation = create ? UUID.randomUUID().toString() : current != null ? current.incarnation() : null;
        String tx = UUID.randomUUID().toString();
        long lastSeq = w.items().isEmpty() ? (create || current == null ? 0 : current.lastSeq())
                : w.items().get(w.items().size() - 1).seq();
        boolean staging = w.items().size() > DynamoDbStore.MAX_TRANSACTION_ITEMS
                || bytes(w) > DynamoDbStore.MAX_TRANSACTION_BYTES;
        Update update = RecordUpdate.of(table.name(), pk, w, create, expected, version, incarnation, lastSeq,
                staging ? tx : null, now, expiresAt);

        if (w.items().isEmpty()) {
            Map<String, AttributeValue> old;
            try {
                old = updateRecord(update, create);
            } catch (ConditionalCheckFailedException e) {
                return conflict(w, create);
            }
            if (create && old != null && old.containsKey(Rows.INCARNATION)) {
                log.removeIncarnation(pk, old.get(Rows.INCARNATION).s());
            }
            return Optional.of(new WriteResult.Written(version, expiresAt));
        }
        if (current != null && !create) {
            staged.rollForward(pk, current);
        }
        if (staging) {
            List<Map<String, AttributeValue>> rows = StagedItems.rows(pk, incarnation, tx, false, w.items());
            staged.stage(rows);
            try {
                updateRecord(update, false);
            } catch (ConditionalCheckFailedException e) {
                staged.remove(rows);
                return conflict(w, create);
            }
            staged.markCommitted(StagedItems.rows(pk, incarnation, tx, true, w.items()));
            if (create && predecessor != null) {
                log.removeIncarnation(pk, predecessor);
            }
            return Optional.of(new WriteResult.Written(version, expiresAt));
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder().update(update).build());
        for (Map<String, AttributeValue> row : StagedItems.rows(pk, incarnation, tx, true, w.items())) {
            actions.add(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(row)).build());
        }
        try {
            table.client().transactWriteItems(r -> r.transactItems(actions));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                return conflict(w, create);
            }
            if (reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))) {
                return Optional.empty();
            }
            throw e;
        }
        if (create && predecessor != null) {
            log.removeIncarnation(pk, predecessor);
        }
        return Optional.of(new WriteResult.Written(version, expiresAt));
    }

    /** Applies a conditional record update; returns the replaced row when {@code returnOld}. */
    private Map<String, AttributeValue> updateRecord(Update update, boolean returnOld) {
        return table.client().updateItem(r -> r.tableName(table.name()).key(update.key())
                .updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues())
                .returnValues(returnOld ? ReturnValue.ALL_OLD : ReturnValue.NONE)).attributes();
    }

    private Optional<WriteResult> conflict(Write w, boolean create) {
        Optional<RecordRow> now = table.liveRow(w.key(), clock.instant());
        if (create && now.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WriteResult.Conflict(now.map(RecordRow::stored)));
    }

    private static long bytes(Write w) {
        long total = w.value().length;
        for (Item item : w.items()) {
            total += item.payload().length + 200;
        }
        return total;
    }

    private static void checkSize(String what, int length) {
        if (length > DynamoDbStore.MAX_VALUE_BYTES) {
            throw new StoreException(what + " is " + length + " bytes; the DynamoDB store holds at most "
                    + DynamoDbStore.MAX_VALUE_BYTES + " bytes per value or item (DynamoDB rows are limited to 400 KB)");
        }
    }
}
