package dev.stepwise.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * How logs name a session: a session id may be a host's conversation id, so logs carry only this
 * hash of it, never the id (docs/reliability.md). The same id always gives the same fingerprint,
 * so an operator can grep for a session they know.
 */
public final class SessionFingerprint {

    private SessionFingerprint() {}

    /** The first 10 hex digits of the SHA-256 of {@code sessionId}, or {@code -} for null. */
    public static String of(@Nullable String sessionId) {
        if (sessionId == null) {
            return "-";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
