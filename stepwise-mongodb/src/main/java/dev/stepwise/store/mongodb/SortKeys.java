package dev.stepwise.store.mongodb;

/**
 * Maps record ids to strings that sort in the {@link String#compareTo} order of the ids both under
 * MongoDB's order (UTF-8 bytes, i.e. code points, the default "simple" collation) and under
 * UTF-16 order (as in-process test servers compare), so listing pages come back in the order every
 * other store uses.
 *
 * <p>Code-point order differs from Java's UTF-16 code-unit order where surrogate pairs (emoji)
 * meet U+E000..U+FFFF. The mapping therefore uses only characters below U+D800, where both orders
 * agree: a code unit below U+D7D7 stays as it is, and a higher unit {@code u} becomes the two
 * characters {@code U+D7D7 + (d >> 8)} and {@code U+0100 + (d & 0xFF)} with {@code d = u - 0xD7D7}.
 * The lead characters sort above every single one, so the mapping is strictly increasing and
 * keeps prefixes: an id's prefix maps to a prefix of its sort key.
 */
final class SortKeys {

    /** A string above every sort key that starts with a given prefix's key. */
    static final String ABOVE_ALL = "\uFFFF";

    private static final int LEAD = 0xD7D7;

    private SortKeys() {}

    static String of(String id) {
        StringBuilder out = new StringBuilder(id.length() + 8);
        for (int i = 0; i < id.length(); i++) {
            char unit = id.charAt(i);
            if (unit < LEAD) {
                out.append(unit);
            } else {
                int d = unit - LEAD;
                out.append((char) (LEAD + (d >> 8))).append((char) (0x100 + (d & 0xFF)));
            }
        }
        return out.toString();
    }
}
