package dev.stepwise.store.jdbc;

import java.util.List;

/**
 * The column types of a database whose schema is otherwise plain SQL ({@code CREATE TABLE/INDEX IF
 * NOT EXISTS}), and the version-1 tables built from them: the same columns, keys and indexes for
 * every such database.
 *
 * @param smallInt the record kind
 * @param id       a record id (opaque bytes, compared bytewise)
 * @param bigInt   versions, seqs and epoch times
 * @param blob     values and item payloads
 * @param text     listing attributes
 * @param itemKind an item's kind
 * @param integer  an item time's nanoseconds
 */
record ColumnTypes(
        String smallInt, String id, String bigInt, String blob, String text, String itemKind, String integer) {

    /** Statements creating schema version 1 with these types. */
    List<String> createTables(Tables t) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + t.records() + " ("
                        + "kind " + smallInt + " NOT NULL, id " + id + " NOT NULL, version " + bigInt
                        + " NOT NULL, data " + blob + " NOT NULL, "
                        + "flow_id " + text + ", status " + text + ", user_id " + text + ", "
                        + "updated_at " + bigInt + " NOT NULL, expires_at " + bigInt + " NOT NULL, "
                        + "PRIMARY KEY (kind, id))",
                "CREATE INDEX IF NOT EXISTS " + t.index("records_flow") + " ON " + t.records() + " (kind, flow_id, id)",
                "CREATE INDEX IF NOT EXISTS " + t.index("records_user") + " ON " + t.records() + " (kind, user_id, id)",
                "CREATE INDEX IF NOT EXISTS " + t.index("records_expiry") + " ON " + t.records() + " (expires_at)",
                "CREATE TABLE IF NOT EXISTS " + t.items() + " ("
                        + "kind " + smallInt + " NOT NULL, id " + id + " NOT NULL, seq " + bigInt
                        + " NOT NULL, item_kind " + itemKind + " NOT NULL, "
                        + "at_sec " + bigInt + " NOT NULL, at_nano " + integer + " NOT NULL, payload " + blob
                        + " NOT NULL, "
                        + "PRIMARY KEY (kind, id, seq))");
    }
}
