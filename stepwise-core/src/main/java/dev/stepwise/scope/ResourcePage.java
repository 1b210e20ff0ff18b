package dev.stepwise.scope;

import dev.stepwise.store.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of resources in name order.
 *
 * @param resources  the resources
 * @param unreadable entries that could not be decoded (reported, not fatal)
 * @param nextCursor the next page's cursor, null on the last page
 */
public record ResourcePage(
        List<Resource> resources,
        List<Page.Unreadable> unreadable,
        @Nullable String nextCursor) {

    public ResourcePage {
        resources = List.copyOf(resources);
        unreadable = List.copyOf(unreadable);
    }
}
