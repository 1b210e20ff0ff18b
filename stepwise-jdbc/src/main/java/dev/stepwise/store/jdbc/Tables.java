package dev.stepwise.store.jdbc;

import java.util.regex.Pattern;

/**
 * The names of the store's tables and indexes, all sharing one validated prefix. Names are built
 * only from the prefix and fixed suffixes, so configuration can never inject SQL.
 *
 * @param prefix        the validated table-name prefix
 * @param records       the records table: one row per live (or expired, not yet swept) record
 * @param items         the item-log table: one row per item
 * @param schemaVersion the one-row table holding the schema version
 */
record Tables(String prefix, String records, String items, String schemaVersion) {

    static final String DEFAULT_PREFIX = "stepwise_";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    static Tables withPrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix must match " + PREFIX.pattern()
                    + " (a lower-case letter, then up to 30 lower-case letters, digits or '_'), was '"
                    + prefix + "'");
        }
        return new Tables(prefix, prefix + "records", prefix + "items", prefix + "schema_version");
    }

    /** The name of an index of this store, e.g. {@code stepwise_records_expiry}. */
    String index(String suffix) {
        return prefix + suffix;
    }
}
