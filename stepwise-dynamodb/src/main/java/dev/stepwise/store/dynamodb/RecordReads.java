package dev.stepwise.store.dynamodb;

import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.dynamodb.Rows.RecordRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Reads of many records at once: {@code BatchGetItem}, 100 keys per request, strongly consistent. */
final class RecordReads {

    private final Table table;

    RecordReads(Table table) {
        this.table = table;
    }

    /** The live records among {@code keys}, in the order of {@code keys}. */
    Map<StoreKey, Stored> readAll(Collection<StoreKey> keys, Instant now) {
        List<StoreKey> distinct = keys.stream().distinct().toList();
        Map<String, Stored> byPk = new HashMap<>();
        for (int i = 0; i < distinct.size(); i += 100) {
            List<Map<String, AttributeValue>> batch = new ArrayList<>();
            for (StoreKey key : distinct.subList(i, Math.min(distinct.size(), i + 100))) {
                batch.add(Rows.key(Keys.pk(key), Keys.RECORD_SK));
            }
            Map<String, KeysAndAttributes> request = Map.of(
                    table.name(),
                    KeysAndAttributes.builder().keys(batch).consistentRead(true).build());
            for (int round = 0; !request.isEmpty(); round++) {
                if (round == Batches.MAX_ROUNDS) {
                    throw new StoreUnavailableException(
                            "DynamoDB kept keys of a batch read unprocessed (throttled); retry later", null);
                }
                Batches.backoff(round);
                Map<String, KeysAndAttributes> send = request;
                BatchGetItemResponse response = table.client().batchGetItem(r -> r.requestItems(send));
                for (Map<String, AttributeValue> row : response.responses().getOrDefault(table.name(), List.of())) {
                    RecordRow record = Rows.fromRecord(row);
                    if (record.stored().expiresAt().isAfter(now)) {
                        byPk.put(row.get(Rows.PK).s(), record.stored());
                    }
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        Map<StoreKey, Stored> found = new LinkedHashMap<>();
        for (StoreKey key : keys) {
            Stored stored = byPk.get(Keys.pk(key));
            if (stored != null && stored.key().equals(key)) {
                found.put(key, stored);
            }
        }
        return found;
    }
}
