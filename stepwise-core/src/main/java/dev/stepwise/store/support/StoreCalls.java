package dev.stepwise.store.support;

import dev.stepwise.store.StoreException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The gate every operation of a client-backed store passes: refused once the store is closed, the
 * store's set-up (tables, indexes) run first, and the driver's own failures translated into the
 * SPI's {@link StoreException} family, so callers never see a driver exception.
 *
 * <p>Thread-safe. Failures that are not of the driver's failure type pass through unchanged (a
 * {@link StoreException} raised by the store's own code stays as it is).
 *
 * @param <X> the driver's failure type (for example the MongoDB driver's {@code MongoException})
 */
public final class StoreCalls<X extends RuntimeException> {

    private final String storeName;
    private final Runnable setUp;
    private final Class<X> driverFailure;
    private final BiFunction<String, X, ? extends StoreException> translate;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StoreCalls(
            String storeName,
            Runnable setUp,
            Class<X> driverFailure,
            BiFunction<String, X, ? extends StoreException> translate) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.setUp = Objects.requireNonNull(setUp, "setUp");
        this.driverFailure = Objects.requireNonNull(driverFailure, "driverFailure");
        this.translate = Objects.requireNonNull(translate, "translate");
    }

    /**
     * Calls to one store, with its setup and its driver's failures mapped.
     *
     * @param storeName the store's name in messages ("MongoDB")
     * @param setUp run before every operation; cheap once done (typically {@link SetUpOnce#get})
     * @param driverFailure the driver's failure type
     * @param translate turns a driver failure during the named operation into the SPI's exception
     */
    public static <X extends RuntimeException> StoreCalls<X> of(
            String storeName,
            Runnable setUp,
            Class<X> driverFailure,
            BiFunction<String, X, ? extends StoreException> translate) {
        return new StoreCalls<>(storeName, setUp, driverFailure, translate);
    }

    /**
     * Runs one operation.
     *
     * @param operation what is being done, for messages ("write session:a")
     * @throws StoreException when the store is closed, or the translated driver failure
     */
    public <T> T call(String operation, Supplier<T> body) {
        if (closed.get()) {
            throw new StoreException(storeName + " store is closed (" + operation + ")");
        }
        try {
            setUp.run();
            return body.get();
        } catch (RuntimeException e) {
            if (driverFailure.isInstance(e)) {
                throw translate.apply(operation, driverFailure.cast(e));
            }
            throw e;
        }
    }

    /** {@link #call} for an operation that returns nothing. */
    public void run(String operation, Runnable body) {
        call(operation, () -> {
            body.run();
            return Boolean.TRUE;
        });
    }

    /** Marks the store closed; true only for the first call, so the caller releases its client once. */
    public boolean close() {
        return closed.compareAndSet(false, true);
    }
}
