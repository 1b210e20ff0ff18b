package dev.stepwise.engine;

import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.VersionedStore;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a turn is saved: hands its items to listeners and keeps the stored log within the
 * retention policy. Trimming runs every {@value #TRIM_EVERY} stored items, so a turn never pays
 * for the log's length.
 */
final class LogKeeper {

    private static final Logger log = LoggerFactory.getLogger(LogKeeper.class);
    static final int TRIM_EVERY = 16;
    private static final int AGE_SCAN = 64;

    private final VersionedStore store;
    private final EngineSettings settings;

    LogKeeper(VersionedStore store, EngineSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    void saved(StoreKey key, String flowId, String sessionId, TurnLog turnLog) {
        for (LogListener listener : settings.listeners()) {
            try {
                listener.onItems(flowId, sessionId, turnLog.all());
            } catch (RuntimeException e) {
                log.warn("log listener {} failed for flow {}", listener, flowId, e);
            }
        }
        long last = turnLog.lastSeq();
        long first = last - turnLog.stored().size() + 1;
        if (turnLog.stored().isEmpty() || (first - 1) / TRIM_EVERY == last / TRIM_EVERY) {
            return;
        }
        try {
            trim(key, last);
        } catch (StoreException e) {
            log.warn(
                    "could not trim the log of flow {} session {}; the next trim will retry: {}",
                    flowId,
                    sessionId,
                    e.getMessage());
        }
    }

    private void trim(StoreKey key, long last) {
        LogPolicy policy = settings.logPolicy();
        long keepFrom = last - policy.maxItems() + 1;
        Instant cutoff = settings.clock().instant().minus(policy.maxAge());
        List<Item> oldest = store.readItems(key, ItemWindow.after(0, AGE_SCAN));
        for (Item item : oldest) {
            if (item.at().isBefore(cutoff)) {
                keepFrom = Math.max(keepFrom, item.seq() + 1);
            }
        }
        if (keepFrom > 1 && (oldest.isEmpty() || oldest.get(0).seq() < keepFrom)) {
            store.trimItems(key, keepFrom);
        }
    }
}
