package dev.stepwise.store;

/**
 * A stored record exists but cannot be decoded (truncated, tampered, wrong key, unknown format).
 * It concerns that one record only; other records stay readable.
 */
public class CorruptRecordException extends StoreException {

    private final String location;

    public CorruptRecordException(String location, String message, Throwable cause) {
        super("record " + location + " cannot be read: " + message, cause);
        this.location = location;
    }

    public CorruptRecordException(String location, String message) {
        this(location, message, null);
    }

    /** Where the record lives (a key, a file, a row). */
    public String location() {
        return location;
    }
}
