package dev.stepwise.it.hostile;

import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Everything a store holds (every kind, id, version and value), to prove a call changed nothing. */
final class StoreSnapshot {

    private StoreSnapshot() {}

    static Map<String, String> of(VersionedStore store) {
        Map<String, String> all = new TreeMap<>();
        for (RecordKind kind : RecordKind.values()) {
            Page page = store.list(ListQuery.of(kind, "", ListQuery.MAX_LIMIT));
            for (Stored s : page.records()) {
                all.put(
                        kind + "/" + s.key().id(),
                        s.version() + ":" + HexFormat.of().formatHex(s.value()));
            }
            page.unreadable().forEach(u -> all.put(kind + "/unreadable/" + u.location(), u.reason()));
        }
        return all;
    }
}
