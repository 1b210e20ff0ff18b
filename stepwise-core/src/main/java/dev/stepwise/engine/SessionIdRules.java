package dev.stepwise.engine;

import dev.stepwise.store.StoreKey;
import org.jspecify.annotations.Nullable;

/**
 * What a session id may be. An id is used exactly as sent or refused: never trimmed or otherwise
 * normalised, because {@code "\tf1"} or {@code "f1\u0000"} turned into {@code "f1"} would address
 * another conversation's session. Refusals never repeat the id (it may be huge or hostile).
 */
final class SessionIdRules {

    /** Longest session id accepted, in chars. */
    static final int MAX_LENGTH = 256;

    private SessionIdRules() {}

    /** Why {@code id} cannot name a session, or null when it can. */
    static @Nullable String problem(String id) {
        if (id.length() > MAX_LENGTH) {
            return ModelTexts.sessionIdTooLong(id.length(), MAX_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return ModelTexts.sessionIdControlCharacter(i);
            }
        }
        if (Character.isWhitespace(id.charAt(0))
                || Character.isSpaceChar(id.charAt(0))
                || Character.isWhitespace(id.charAt(id.length() - 1))
                || Character.isSpaceChar(id.charAt(id.length() - 1))) {
            return ModelTexts.sessionIdEdgeSpace();
        }
        try {
            StoreKey.checkId(id);
        } catch (IllegalArgumentException e) {
            return ModelTexts.sessionIdUnusable(e.getMessage());
        }
        return null;
    }
}
