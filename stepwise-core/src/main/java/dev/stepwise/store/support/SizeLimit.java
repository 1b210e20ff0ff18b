package dev.stepwise.store.support;

import dev.stepwise.store.Item;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.Write;
import java.util.Objects;

/**
 * The largest value or item payload a store accepts, checked before anything is written, so a write
 * too large for the backend fails whole and says what to change instead of failing half-way with a
 * driver error.
 *
 * @param maxBytes the largest accepted value or item payload, in bytes (positive)
 * @param store    the store's name as users know it ({@code "MongoDB"}), used in the message
 * @param reason   the backend limit behind {@code maxBytes}, in a few words
 *                 ({@code "MongoDB documents are limited to 16 MiB"}), used in the message
 */
public record SizeLimit(int maxBytes, String store, String reason) {

    public SizeLimit {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(reason, "reason");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
        }
    }

    /**
     * Refuses a write whose value or any item payload is larger than {@link #maxBytes()}.
     *
     * @throws StoreException (not retryable) naming the record, the part, its size and the limit
     */
    public void check(Write write) {
        check("value of " + write.key(), write.value().length);
        for (Item item : write.items()) {
            check("payload of item " + item.seq() + " of " + write.key(), item.payload().length);
        }
    }

    private void check(String what, int length) {
        if (length > maxBytes) {
            throw new StoreException(what + " is " + length + " bytes; the " + store + " store holds at most "
                    + maxBytes + " bytes per value or item (" + reason + ")");
        }
    }
}
