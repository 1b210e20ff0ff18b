package dev.stepwise.store.jdbc;

import dev.stepwise.store.Item;
import dev.stepwise.store.RecordAttributes;
import java.util.List;

/**
 * Checks the strings the store keeps in text columns (listing attributes, item kinds) before any
 * SQL runs, so every dialect accepts or refuses the same values with the same message, instead of
 * one database truncating and another failing.
 */
final class TextColumns {

    /** Longest attribute accepted, in chars; sized so (kind, attribute, id) fits an InnoDB index. */
    static final int MAX_ATTRIBUTE_LENGTH = 255;

    private TextColumns() {}

    static void checkAttributes(RecordAttributes attributes) {
        check("flowId", attributes.flowId(), MAX_ATTRIBUTE_LENGTH);
        check("status", attributes.status(), MAX_ATTRIBUTE_LENGTH);
        check("userId", attributes.userId(), MAX_ATTRIBUTE_LENGTH);
    }

    static void checkItems(List<Item> items) {
        for (Item item : items) {
            check("item kind", item.kind(), 64);
        }
    }

    /** Null is fine; otherwise at most {@code max} chars of well-formed UTF-16 without NUL. */
    static void check(String what, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(
                    what + " is " + value.length() + " chars long; the JDBC store keeps at most " + max);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException(what + " contains a NUL character at index " + i);
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i);
            }
        }
    }
}
