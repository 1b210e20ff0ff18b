package dev.stepwise.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the keyset position of a listing (the last id returned) as an opaque cursor string, so
 * every store hands out cursors of one shape and callers never parse them.
 */
public final class Cursors {

    private Cursors() {}

    /** The cursor that resumes after {@code lastId}. */
    public static String after(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The last id a cursor resumes after, or null for a null cursor.
     *
     * @throws IllegalArgumentException if the cursor was not made by {@link #after(String)}
     */
    public static @Nullable String lastId(@Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            StoreKey.checkId(id);
            return id;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid listing cursor '" + abbreviate(cursor) + "'", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
