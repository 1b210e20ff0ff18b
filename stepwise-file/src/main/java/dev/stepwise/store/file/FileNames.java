package dev.stepwise.store.file;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns record ids into file names that can never escape the store directory or collide.
 *
 * <p>Every UTF-8 byte of the id outside {@code [a-z0-9_-]} becomes {@code ~xx} (two lower-case
 * hex digits). So a name holds only {@code [a-z0-9_~-]}: no separators, no dots (hence no
 * {@code .}/{@code ..}, no hidden files, no extension confusion), no upper case (ids differing only
 * in case stay distinct on case-insensitive file systems), and Windows device names are
 * harmless: {@code CON} comes out as {@code ~43~4f~4e}, and a lower-case device name such as
 * {@code con} gets its first letter escaped ({@code ~63on}), since Windows treats
 * {@code con.json} as the console in any case. The encoding is canonical (decoding checks that the
 * name is the one encoding makes), so one id has exactly one name.
 *
 * <p>An encoded name longer than {@value #MAX_PLAIN} chars is replaced by a prefix of it,
 * {@code ~~} and the SHA-256 of the id's UTF-8 bytes: {@code ~~} never occurs in a plain name, so
 * hashed names are recognisable, and stay well below the 255-byte limit of common file systems
 * even with the temp-file decoration. The envelope of such a record holds the full id and readers
 * compare it, so a hash collision can never return the wrong record.
 */
final class FileNames {

    /** Longest plain encoded name; longer ones are hashed. */
    static final int MAX_PLAIN = 200;

    /** Length of the readable prefix kept in a hashed name. */
    static final int HASHED_PREFIX = 96;

    static final String HASH_MARK = "~~";

    private static final HexFormat HEX = HexFormat.of();

    private static final Pattern DEVICE = Pattern.compile("con|prn|aux|nul|com[0-9]|lpt[0-9]");

    private FileNames() {}

    /** The file name stem for {@code id}. */
    static String encode(String id) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        StringBuilder name = new StringBuilder(utf8.length + 16);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (plain(c)) {
                name.append((char) c);
            } else {
                name.append('~').append(HEX.toHexDigits((byte) c));
            }
        }
        if (name.length() <= 4 && DEVICE.matcher(name).matches()) { // device names are 3 or 4 chars
            // Windows opens a device for "con.json" too, in any case: escape the first letter
            name.replace(0, 1, "~" + HEX.toHexDigits((byte) name.charAt(0)));
        }
        if (name.length() <= MAX_PLAIN) {
            return name.toString();
        }
        int cut = HASHED_PREFIX;
        // do not cut an escape in half: '~' sits at most two chars before the cut
        for (int i = cut - 1; i >= cut - 2; i--) {
            if (name.charAt(i) == '~') {
                cut = i;
                break;
            }
        }
        return name.substring(0, cut) + HASH_MARK + HEX.formatHex(sha256(utf8));
    }

    /** Whether {@code name} is a hashed name, whose id must be read from the envelope. */
    static boolean hashed(String name) {
        return name.contains(HASH_MARK);
    }

    /**
     * The id a plain name encodes.
     *
     * @throws IllegalArgumentException if the name is not one {@link #encode(String)} makes
     */
    static String decode(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty file name");
        }
        ByteBuffer bytes = ByteBuffer.allocate(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '~') {
                if (i + 2 >= name.length()) {
                    throw new IllegalArgumentException("truncated escape at index " + i);
                }
                String hex = name.substring(i + 1, i + 3);
                if (!hex.equals(hex.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("upper-case escape at index " + i);
                }
                int value;
                try {
                    value = HexFormat.fromHexDigits(hex);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bad escape at index " + i, e);
                }
                bytes.put((byte) value);
                i += 2;
            } else if (plain(c)) {
                bytes.put((byte) c);
            } else {
                throw new IllegalArgumentException(
                        "character '" + c + "' at index " + i + " is never in an encoded name");
            }
        }
        bytes.flip();
        String id;
        try {
            id = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
        if (!encode(id).equals(name)) {
            throw new IllegalArgumentException("not the canonical name of its id");
        }
        return id;
    }

    /** A lock stripe for the name, in [0, stripes). */
    static int stripe(String kindLabel, String name, int stripes) {
        return Math.floorMod((kindLabel + '/' + name).hashCode() * 0x9E3779B9, stripes);
    }

    private static boolean plain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
