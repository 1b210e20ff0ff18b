package dev.stepwise.store.dynamodb;

import dev.stepwise.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code BatchWriteItem} in chunks of 25, re-sending what DynamoDB leaves unprocessed (throttling)
 * with a growing pause, and giving up with a {@link StoreUnavailableException} after 10 rounds.
 */
final class Batches {

    /** Rounds of a batch request before the store gives up on unprocessed keys or items. */
    static final int MAX_ROUNDS = 10;

    private final Table table;

    Batches(Table table) {
        this.table = table;
    }

    void put(List<Map<String, AttributeValue>> rows) {
        List<WriteRequest> requests = new ArrayList<>();
        for (Map<String, AttributeValue> row : rows) {
            requests.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(row).build())
                    .build());
        }
        write(requests);
    }

    void delete(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> requests = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys) {
            requests.add(WriteRequest.builder()
                    .deleteRequest(DeleteRequest.builder().key(key).build())
                    .build());
        }
        write(requests);
    }

    private void write(List<WriteRequest> requests) {
        for (int i = 0; i < requests.size(); i += 25) {
            List<WriteRequest> chunk = requests.subList(i, Math.min(requests.size(), i + 25));
            for (int round = 0; !chunk.isEmpty(); round++) {
                if (round == MAX_ROUNDS) {
                    throw new StoreUnavailableException(
                            "DynamoDB kept " + chunk.size() + " batch writes unprocessed (throttled); retry later",
                            null);
                }
                backoff(round);
                List<WriteRequest> send = chunk;
                BatchWriteItemResponse response =
                        table.client().batchWriteItem(r -> r.requestItems(Map.of(table.name(), send)));
                chunk = response.unprocessedItems().getOrDefault(table.name(), List.of());
            }
        }
    }

    /** Waits before re-sending what a throttled batch left unprocessed (nothing before the first send). */
    static void backoff(int round) {
        if (round > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25L << Math.min(round, 6)));
        }
    }
}
