package dev.stepwise.store;

import org.jspecify.annotations.Nullable;

/**
 * A stored record exists but cannot be decoded (truncated, tampered, wrong key, unknown format).
 * It concerns that one record only; other records stay readable.
 */
public class CorruptRecordException extends StoreException {

    private final String location;
    private final @Nullable String reason;

    public CorruptRecordException(String location, @Nullable String message, @Nullable Throwable cause) {
        super("record " + location + " cannot be read: " + message, cause);
        this.location = location;
        this.reason = message;
    }

    public CorruptRecordException(String location, @Nullable String message) {
        this(location, message, null);
    }

    /** Why the record cannot be read, without its location (which may hold a session id). */
    public @Nullable String reason() {
        return reason;
    }

    /** Where the record lives (a key, a file, a row). */
    public String location() {
        return location;
    }
}
