package dev.stepwise.scope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Named content attached to a scope.
 *
 * @param scope       the scope it belongs to
 * @param name        its name, unique within the scope (may contain {@code /} for a hierarchy)
 * @param contentType a MIME type such as {@code text/markdown}
 * @param metadata    free-form string metadata
 * @param content     the bytes (a copy)
 * @param version     its version, for conditional updates
 * @param updatedAt   when it was last written
 */
// bytes cross the store SPI as they are: copying them into an immutable view would cost a copy per call
@SuppressWarnings("ArrayRecordComponent")
public record Resource(
        ScopeRef scope,
        String name,
        String contentType,
        Map<String, String> metadata,
        byte[] content,
        long version,
        Instant updatedAt) {

    public Resource {
        metadata = Map.copyOf(metadata);
        content = content.clone();
    }

    /** The content as UTF-8 text. */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
