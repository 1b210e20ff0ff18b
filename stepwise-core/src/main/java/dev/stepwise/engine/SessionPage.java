package dev.stepwise.engine;

import dev.stepwise.store.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of sessions.
 *
 * @param sessions   the sessions, in flow id then session id order
 * @param unreadable records found but not decodable: reported here, never fatal to the listing
 * @param nextCursor the cursor of the next page, null on the last
 */
public record SessionPage(
        List<SessionSummary> sessions,
        List<Page.Unreadable> unreadable,
        @Nullable String nextCursor) {

    public SessionPage {
        sessions = List.copyOf(sessions);
        unreadable = List.copyOf(unreadable);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
