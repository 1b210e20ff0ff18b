package dev.stepwise.store.dynamodb;

import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/** Turns SDK exceptions into store exceptions: outages, throttling and timeouts become retryable. */
final class DynamoDbFailures {

    private DynamoDbFailures() {}

    static StoreException translate(String operation, SdkException e) {
        if (unavailable(e)) {
            return new StoreUnavailableException(
                    "DynamoDB is unavailable during " + operation + ": " + e.getMessage(), e);
        }
        return new StoreException("DynamoDB " + operation + " failed: " + e.getMessage(), e);
    }

    static boolean unavailable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true; // no connection, timeout, interrupted: the request may not have reached DynamoDB
        }
        if (e instanceof ProvisionedThroughputExceededException
                || e instanceof RequestLimitExceededException
                || e instanceof InternalServerErrorException
                || e instanceof LimitExceededException
                || e instanceof TransactionInProgressException) {
            return true;
        }
        if (e instanceof TransactionCanceledException tce && tce.hasCancellationReasons()) {
            // A cancelled transaction changed nothing; throttling or a collision is worth a retry.
            return tce.cancellationReasons().stream()
                    .map(CancellationReason::code)
                    .anyMatch(code -> "ThrottlingError".equals(code)
                            || "ProvisionedThroughputExceeded".equals(code)
                            || "TransactionConflict".equals(code)
                            || "RequestLimitExceeded".equals(code));
        }
        if (e instanceof AwsServiceException ase) {
            return ase.isThrottlingException() || ase.statusCode() >= 500;
        }
        return e.retryable();
    }
}
