package dev.stepwise.store.jdbc;

import dev.stepwise.store.RecordKind;

/**
 * The stored code of each {@link RecordKind}. Codes are fixed here, never derived from enum order,
 * so reordering the enum cannot remap stored rows.
 */
final class Kinds {

    private Kinds() {}

    static short code(RecordKind kind) {
        return switch (kind) {
            case SESSION -> 1;
            case USER -> 2;
            case PROJECT -> 3;
            case RESOURCE -> 4;
        };
    }

    /**
     * @throws IllegalArgumentException for a code no kind has
     */
    static RecordKind of(int code) {
        return switch (code) {
            case 1 -> RecordKind.SESSION;
            case 2 -> RecordKind.USER;
            case 3 -> RecordKind.PROJECT;
            case 4 -> RecordKind.RESOURCE;
            default -> throw new IllegalArgumentException("unknown record kind code " + code);
        };
    }
}
