package dev.stepwise.store.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;

/** Turns driver exceptions into store exceptions: outages become retryable. */
final class MongoFailures {

    private MongoFailures() {}

    static StoreException translate(String operation, MongoException e) {
        if (unavailable(e)) {
            return new StoreUnavailableException(
                    "MongoDB is unavailable during " + operation + ": " + e.getMessage(), e);
        }
        return new StoreException("MongoDB " + operation + " failed: " + e.getMessage(), e);
    }

    static boolean unavailable(MongoException e) {
        return e instanceof MongoTimeoutException
                || e instanceof MongoSocketException
                || e instanceof MongoExecutionTimeoutException
                || e instanceof MongoNotPrimaryException
                || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoWriteConcernException
                || e instanceof MongoInterruptedException
                || e.hasErrorLabel("RetryableWriteError")
                || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
    }

    /** Whether {@code e} is a duplicate-key error (E11000). */
    static boolean duplicateKey(MongoException e) {
        if (e instanceof MongoWriteException we) {
            return ErrorCategory.fromErrorCode(we.getError().getCode()) == ErrorCategory.DUPLICATE_KEY;
        }
        if (e instanceof MongoServerException se) {
            return ErrorCategory.fromErrorCode(se.getCode()) == ErrorCategory.DUPLICATE_KEY;
        }
        return false;
    }
}
