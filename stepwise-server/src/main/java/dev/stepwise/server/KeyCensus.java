package dev.stepwise.server;

import dev.stepwise.json.Json;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Item;
import dev.stepwise.store.Stored;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * How many record values and item payloads each key id seals, counted from the envelopes' headers
 * as the inner store holds them (nothing is decrypted), so an operator knows whether an old key
 * can be dropped from the ring.
 */
final class KeyCensus {

    /** The name plaintext (never encrypted) values are counted under. */
    static final String PLAINTEXT = "(plaintext)";

    private final Map<String, long[]> counts = new TreeMap<>();
    private long unreadable;

    /** Counts one record as stored and its item log; returns whether anything is not under {@code current}. */
    boolean count(Stored raw, List<Item> rawItems, String current) {
        String where = RecordWalk.position(raw.key());
        boolean stale = false;
        try {
            String valueKey = EncryptedStore.keyIdOf(raw.value(), where).orElse(PLAINTEXT);
            counts.computeIfAbsent(valueKey, k -> new long[2])[0]++;
            stale = !valueKey.equals(current);
            for (Item item : rawItems) {
                String itemKey = EncryptedStore.keyIdOf(item.payload(), where + " item " + item.seq())
                        .orElse(PLAINTEXT);
                counts.computeIfAbsent(itemKey, k -> new long[2])[1]++;
                stale |= !itemKey.equals(current);
            }
        } catch (CorruptRecordException e) {
            unreadable++;
            return true;
        }
        return stale;
    }

    void unreadable() {
        unreadable++;
    }

    long unreadableCount() {
        return unreadable;
    }

    /** Records and items under {@code keyId}. */
    long[] of(String keyId) {
        return counts.getOrDefault(keyId, new long[2]).clone();
    }

    /** Whether every value and payload is sealed with {@code current} and every entry could be read. */
    boolean allUnder(String current) {
        return unreadable == 0
                && counts.entrySet().stream()
                        .allMatch(e -> e.getKey().equals(current) || e.getValue()[0] + e.getValue()[1] == 0);
    }

    /** One line per key id of the ring (and any other id or plaintext found), current first. */
    String report(KeyRing ring) {
        StringBuilder out = new StringBuilder();
        for (String id : ring.keyIds()) {
            long[] n = of(id);
            out.append(String.format(
                    "key %s%s: %d records, %d items%s%n",
                    id,
                    id.equals(ring.currentKeyId()) ? " (current)" : "",
                    n[0],
                    n[1],
                    id.equals(ring.currentKeyId()) || n[0] + n[1] > 0 ? "" : " - nothing uses it; it can be retired"));
        }
        counts.forEach((id, n) -> {
            if (!ring.contains(id)) {
                out.append(String.format(
                        "%s: %d records, %d items%s%n",
                        id.equals(PLAINTEXT) ? "not encrypted" : "key " + id + " (NOT in the ring)", n[0], n[1], ""));
            }
        });
        if (unreadable > 0) {
            out.append(unreadable).append(" entries could not be read; their keys are unknown\n");
        }
        return out.toString().stripTrailing();
    }

    ObjectNode json(KeyRing ring) {
        ObjectNode node = Json.object();
        node.put("current", ring.currentKeyId());
        ObjectNode keys = node.putObject("keys");
        for (String id : ring.keyIds()) {
            ObjectNode k = keys.putObject(id);
            k.put("records", of(id)[0]);
            k.put("items", of(id)[1]);
        }
        counts.forEach((id, n) -> {
            if (!ring.contains(id)) {
                ObjectNode k = keys.putObject(id);
                k.put("records", n[0]);
                k.put("items", n[1]);
                k.put("inRing", false);
            }
        });
        node.put("unreadable", unreadable);
        return node;
    }
}
