package dev.stepwise.store.workerskv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * How a {@code KvStore} key becomes a Workers KV key name and a URL path segment. KV refuses
 * names longer than {@value #MAX_NAME_BYTES} UTF-8 bytes and the names {@code .} and {@code ..};
 * such keys (record ids may be 1024 chars) are stored under {@value #HASHED} and the SHA-256 of
 * the key. Keys the versioned adapter writes always start with a kind label, so they never take
 * that form themselves.
 */
final class Names {

    static final int MAX_NAME_BYTES = 512;

    static final String HASHED = "~sha256~";

    private Names() {}

    static String of(String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0 && utf8.length <= MAX_NAME_BYTES && !key.equals(".") && !key.equals("..")) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(utf8);
            return HASHED + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** {@code text} percent-encoded as one path segment: every byte but unreserved characters. */
    static String pathSegment(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
                out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
