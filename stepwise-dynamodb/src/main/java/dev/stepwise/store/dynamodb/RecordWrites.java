package dev.stepwise.store.dynamodb;

import dev.stepwise.store.Item;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import dev.stepwise.store.support.ConditionalWrite;
import dev.stepwise.store.support.Snapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * reads the current record and returns it in the conflict; which of these each condition runs, and
 * the retries of a lost race, are {@link ConditionalWrite}'s.
 */
record RecordWrites(Table table, Clock clock, StagedItems staged, ItemLog log)
        implements ConditionalWrite.Steps<RecordWrites.RowRead> {

    /**
     * The record row as read at {@code now}, expired or not.
     *
     * @param now the instant liveness was judged at, which the write then uses as its own
     */
    record RowRead(Instant now, Optional<RecordRow> row) {

        /** The live record, or null. */
        RecordRow current() {
            return row.filter(r -> r.stored().expiresAt().isAfter(now)).orElse(null);
        }

        /** The incarnation of an expired row a create replaces (whose items it removes), or null. */
        String predecessor() {
            return row.isPresent() && current() == null ? row.get().incarnation() : null;
        }
    }

    @Override
    public RowRead read(Write w) {
        Instant now = clock.instant();
        return new RowRead(now, table.row(w.key()));
    }

    @Override
    public Optional<Stored> live(RowRead read) {
        return Optional.ofNullable(read.current()).map(RecordRow::stored);
    }

    /** Without items the condition alone decides; with items the row is read first (for its incarnation). */
    @Override
    public Optional<WriteResult> create(Write w, Snapshot<RowRead> snapshot) {
        if (w.items().isEmpty()) {
            return attempt(w, null, null, true, 0, now(snapshot));
        }
        RowRead read = snapshot.get();
        if (read.current() != null) {
            return Optional.of(
                    new WriteResult.Conflict(Optional.of(read.current().stored())));
        }
        return attempt(w, null, read.predecessor(), true, 0, read.now());
    }

    /** Without items the condition alone decides; with items the row is read first (seqs, incarnation). */
    @Override
    public Optional<WriteResult> update(Write w, long expected, Snapshot<RowRead> snapshot) {
        if (w.items().isEmpty()) {
            return attempt(w, null, null, false, expected, now(snapshot));
        }
        RowRead read = snapshot.get();
        RecordRow current = read.current();
        if (current == null || current.stored().version() != expected) {
            return Optional.of(
                    new WriteResult.Conflict(Optional.ofNullable(current).map(RecordRow::stored)));
        }
        return attempt(w, current, null, false, expected, read.now());
    }

    /** The instant of this attempt: the read's when it read, so liveness and conditions agree. */
    private Instant now(Snapshot<RowRead> snapshot) {
        return snapshot.isRead() ? snapshot.get().now() : clock.instant();
    }

    /**
     * One conditional write: a create (an absent or expired record is replaced) or an update of
     * version {@code expected}. {@code current} is the live record read just before, or null when
     * it was not read (an update without items, decided by its condition alone); {@code predecessor}
     * the incarnation of an expired record read just before, whose items a create removes. Returns empty when
     * the attempt must be repeated (a transaction collided with another one, or a create found the
     * record gone again by the time it read the conflict).
     */
    private Optional<WriteResult> attempt(
            Write w, RecordRow current, String predecessor, boolean create, long expected, Instant now) {
        String pk = Keys.pk(w.key());
        Instant expiresAt = now.plus(w.ttl());
        if (!w.items().isEmpty()
                && current != null
                && !create
                && w.items().get(0).seq() <= current.lastSeq()) {
            throw new IllegalArgumentException("item seq " + w.items().get(0).seq() + " of " + w.key()
                    + " is not above the last stored seq " + current.lastSeq());
        }
        long version = create ? Versions.initial() : Versions.next(expected);
        String incarnation = create ? UUID.randomUUID().toString() : current != null ? current.incarnation() : null;
        String tx = UUID.randomUUID().toString();
        long lastSeq = w.items().isEmpty()
                ? (create || current == null ? 0 : current.lastSeq())
                : w.items().get(w.items().size() - 1).seq();
        boolean staging = w.items().size() > DynamoDbStore.MAX_TRANSACTION_ITEMS
                || bytes(w) > DynamoDbStore.MAX_TRANSACTION_BYTES;
        Update update = RecordUpdate.of(
                table.name(),
                pk,
                w,
                create,
                expected,
                version,
                incarnation,
                lastSeq,
                staging ? tx : null,
                now,
                expiresAt);

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
            actions.add(TransactWriteItem.builder()
                    .put(p -> p.tableName(table.name()).item(row))
                    .build());
        }
        try {
            table.client().transactWriteItems(r -> r.transactItems(actions));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (!reasons.isEmpty()
                    && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
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
        return table.client()
                .updateItem(r -> r.tableName(table.name())
                        .key(update.key())
                        .updateExpression(update.updateExpression())
                        .conditionExpression(update.conditionExpression())
                        .expressionAttributeNames(update.expressionAttributeNames())
                        .expressionAttributeValues(update.expressionAttributeValues())
                        .returnValues(returnOld ? ReturnValue.ALL_OLD : ReturnValue.NONE))
                .attributes();
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
}
