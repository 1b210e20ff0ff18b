package dev.stepwise.server;

import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.Cursors;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Walks every live record of the chosen kinds in a store, in kind order then ascending id
 * (keyset paging: one page in memory at a time, and a walk can resume after any record).
 * Filters on flow and status narrow sessions only; scopes and resources are not per flow.
 */
final class RecordWalk {

    /** Records per listing page. */
    static final int PAGE = 200;

    /** Items per read of a log. */
    static final int ITEM_PAGE = 1000;

    /** What to do with each record; a visitor may stop the walk by throwing. */
    interface Visitor {
        void record(Stored stored);

        /** An entry the store found but could not decode. */
        void unreadable(Page.Unreadable entry);
    }

    private final VersionedStore store;
    private final Set<RecordKind> kinds;
    private final String flowId;
    private final String status;

    RecordWalk(VersionedStore store, Set<RecordKind> kinds, String flowId, String status) {
        this.store = store;
        this.kinds = Set.copyOf(kinds);
        this.flowId = flowId;
        this.status = status;
    }

    /**
     * Visits every record after {@code after} (null: from the start).
     *
     * @param after a position printed by {@link #position(StoreKey)}: records of earlier kinds and
     *              records of its kind up to and including its id are skipped
     */
    void walk(String after, Visitor visitor) {
        StoreKey resumeAfter = after == null ? null : parsePosition(after);
        for (RecordKind kind : RecordKind.values()) {
            if (!kinds.contains(kind)) {
                continue;
            }
            if (resumeAfter != null && kind.ordinal() < resumeAfter.kind().ordinal()) {
                continue;
            }
            ListQuery query = query(kind);
            if (resumeAfter != null && kind == resumeAfter.kind()) {
                query = query.withCursor(Cursors.after(resumeAfter.id()));
            }
            while (true) {
                Page page = store.list(query);
                page.records().forEach(visitor::record);
                page.unreadable().forEach(visitor::unreadable);
                if (!page.hasMore()) {
                    break;
                }
                query = query.after(page);
            }
        }
    }

    private ListQuery query(RecordKind kind) {
        if (kind != RecordKind.SESSION) {
            return ListQuery.of(kind, "", PAGE);
        }
        // A flow's sessions are also one id prefix.
        return ListQuery.of(kind, SessionKeys.prefix(flowId), PAGE)
                .withFlowId(flowId)
                .withStatus(status);
    }

    /** The whole item log of a record, read a window at a time. */
    static List<Item> items(VersionedStore store, StoreKey key) {
        List<Item> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Item> window = store.readItems(key, ItemWindow.after(after, ITEM_PAGE));
            all.addAll(window);
            if (window.size() < ITEM_PAGE) {
                return all;
            }
            after = window.get(window.size() - 1).seq();
        }
    }

    /** A resumable position: {@code kind:id}, e.g. {@code session:quote:s1}. */
    static String position(StoreKey key) {
        return key.toString();
    }

    static StoreKey parsePosition(String text) {
        int colon = text.indexOf(':');
        if (colon > 0) {
            String label = text.substring(0, colon);
            for (RecordKind kind : RecordKind.values()) {
                if (kind.label().equals(label)) {
                    return new StoreKey(kind, text.substring(colon + 1));
                }
            }
        }
        throw new IllegalArgumentException("--after must be KIND:ID as printed by export (KIND one of "
                + List.of(RecordKind.values()).toString().toLowerCase(Locale.ROOT) + "), was '" + text + "'");
    }
}
