package dev.stepwise.scope;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Named, versioned content attached to session, user and project scopes, kept in any
 * {@link VersionedStore}. Thread-safe.
 */
public final class Resources {

    /** Default largest content, in bytes. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    private final VersionedStore store;
    private final int maxBytes;
    private final Duration ttl;

    /**
     * @param store    where resources live
     * @param maxBytes largest content accepted
     * @param ttl      how long a resource lives after its last write
     */
    public Resources(VersionedStore store, int maxBytes, Duration ttl) {
        this.store = Objects.requireNonNull(store, "store");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** The outcome of a conditional put. */
    public sealed interface Put {
        /** Written with this version. */
        record Written(long version) implements Put {}

        /** The version did not match; {@code current} is what is stored (empty if nothing). */
        record Conflict(Optional<Resource> current) implements Put {}
    }

    /**
     * Writes a resource if the stored one matches {@code expect}.
     *
     * @param userId the user the content belongs to (for erasure); null when it belongs to none
     * @throws IllegalArgumentException when the content exceeds the size limit or the name is invalid
     */
    public Put put(
            ScopeRef scope,
            String name,
            String contentType,
            Map<String, String> metadata,
            byte[] content,
            Expect expect,
            @Nullable String userId) {
        if (content.length > maxBytes) {
            throw new IllegalArgumentException(
                    "resource '" + name + "' is " + content.length + " bytes; the limit is " + maxBytes);
        }
        StoreKey key = key(scope, name);
        ObjectNode doc = Json.object();
        doc.put("format", 1);
        doc.put("contentType", contentType == null ? "application/octet-stream" : contentType);
        ObjectNode meta = doc.putObject("metadata");
        (metadata == null ? Map.<String, String>of() : metadata).forEach(meta::put);
        doc.put("content", Base64.getEncoder().encodeToString(content));
        String owner = userId != null ? userId : scope.userId();
        WriteResult result = store.write(new Write(
                key,
                Json.bytes(doc),
                expect,
                ttl,
                new RecordAttributes(null, scope.kind().label(), owner),
                List.of()));
        if (result instanceof WriteResult.Written written) {
            return new Put.Written(written.version());
        }
        return new Put.Conflict(((WriteResult.Conflict) result).current().map(s -> decode(scope, name, s)));
    }

    /** Writes a resource unconditionally and returns its version. */
    public long put(ScopeRef scope, String name, String contentType, String text) {
        Put put = put(scope, name, contentType, Map.of(), text.getBytes(StandardCharsets.UTF_8), Expect.any(), null);
        return ((Put.Written) put).version();
    }

    public Optional<Resource> get(ScopeRef scope, String name) {
        return store.read(key(scope, name)).map(s -> decode(scope, name, s));
    }

    /** Resources of a scope whose names start with {@code prefix}, in name order. */
    public ResourcePage list(ScopeRef scope, String prefix, @Nullable String cursor, int limit) {
        Page page = store.list(ListQuery.of(RecordKind.RESOURCE, scope.resourcePrefix() + prefix, limit)
                .withCursor(cursor));
        List<Resource> resources = new ArrayList<>();
        List<Page.Unreadable> unreadable = new ArrayList<>(page.unreadable());
        for (Stored s : page.records()) {
            String name = s.key().id().substring(scope.resourcePrefix().length());
            try {
                resources.add(decode(scope, name, s));
            } catch (CorruptRecordException e) {
                unreadable.add(new Page.Unreadable(s.key().toString(), e.getMessage()));
            }
        }
        return new ResourcePage(resources, unreadable, page.nextCursor());
    }

    /** Deletes a resource; returns whether it existed. */
    public boolean delete(ScopeRef scope, String name) {
        return store.delete(key(scope, name), Expect.any()) instanceof DeleteResult.Deleted d && d.existed();
    }

    /** Deletes every resource of a scope; returns how many. */
    public int deleteAll(ScopeRef scope) {
        return deleteListed(ListQuery.of(RecordKind.RESOURCE, scope.resourcePrefix(), 200));
    }

    /**
     * Deletes every resource a user owns (written with their user id, or in their user scope),
     * whatever scope it is attached to; returns how many. Part of erasing a user.
     */
    public int deleteOwnedBy(String userId) {
        return deleteListed(ListQuery.of(RecordKind.RESOURCE, "", 200).withUserId(userId));
    }

    private int deleteListed(ListQuery query) {
        int deleted = 0;
        Page page;
        do {
            page = store.list(query);
            for (Stored s : page.records()) {
                if (store.delete(s.key(), Expect.any()) instanceof DeleteResult.Deleted d && d.existed()) {
                    deleted++;
                }
            }
            query = query.after(page);
        } while (page.hasMore());
        return deleted;
    }

    private static StoreKey key(ScopeRef scope, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("resource name must not be empty");
        }
        return StoreKey.resource(scope.resourcePrefix() + name);
    }

    private static Resource decode(ScopeRef scope, String name, Stored stored) {
        try {
            JsonNode doc = Json.parse(stored.value());
            Map<String, String> metadata = new LinkedHashMap<>();
            doc.path("metadata")
                    .properties()
                    .forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
            byte[] content = Base64.getDecoder().decode(doc.path("content").asString());
            return new Resource(
                    scope,
                    name,
                    doc.path("contentType").asString(),
                    metadata,
                    content,
                    stored.version(),
                    stored.updatedAt());
        } catch (JsonException | IllegalArgumentException e) {
            throw new CorruptRecordException(stored.key().toString(), e.getMessage(), e);
        }
    }
}
