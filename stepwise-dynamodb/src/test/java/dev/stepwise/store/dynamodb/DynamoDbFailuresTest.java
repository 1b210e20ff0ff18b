package dev.stepwise.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class DynamoDbFailuresTest {

    private static TransactionCanceledException cancelled(String... codes) {
        CancellationReason[] reasons = new CancellationReason[codes.length];
        for (int i = 0; i < codes.length; i++) {
            reasons[i] = CancellationReason.builder().code(codes[i]).build();
        }
        return TransactionCanceledException.builder()
                .message("cancelled")
                .cancellationReasons(reasons)
                .build();
    }

    @Test
    void outagesThrottlingAndCollisionsAreRetryable() {
        assertInstanceOf(
                StoreUnavailableException.class,
                DynamoDbFailures.translate("write", SdkClientException.create("connection refused")));
        assertTrue(DynamoDbFailures.unavailable(ProvisionedThroughputExceededException.builder()
                .message("slow down")
                .build()));
        assertTrue(DynamoDbFailures.unavailable(cancelled("None", "ThrottlingError")));
        assertTrue(DynamoDbFailures.unavailable(cancelled("TransactionConflict", "None")));
    }

    @Test
    void mistakesAreNot() {
        assertFalse(DynamoDbFailures.unavailable(cancelled("None", "ValidationError")));
        assertFalse(DynamoDbFailures.unavailable(ResourceNotFoundException.builder()
                .message("no table")
                .statusCode(400)
                .build()));
    }
}
