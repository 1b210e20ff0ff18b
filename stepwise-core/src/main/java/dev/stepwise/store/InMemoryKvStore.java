package dev.stepwise.store;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.databind.JsonNode;

/** The map behind {@link KvStores#inMemory()}. */
final class InMemoryKvStore implements KvStore {

    private final ConcurrentMap<String, JsonNode> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<JsonNode> get(String key) {
        return Optional.ofNullable(entries.get(Objects.requireNonNull(key, "key")))
                .map(JsonNode::deepCopy);
    }

    @Override
    public void set(String key, JsonNode value) {
        entries.put(
                Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(value, "value").deepCopy());
    }

    @Override
    public void delete(String key) {
        entries.remove(Objects.requireNonNull(key, "key"));
    }

    /** The keys present, for tests. */
    Set<String> keys() {
        return Set.copyOf(entries.keySet());
    }
}
