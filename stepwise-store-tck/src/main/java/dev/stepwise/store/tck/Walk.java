package dev.stepwise.store.tck;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Walks a listing page by page, checking that each cursor moves forward. */
final class Walk {

    private static final int MAX_PAGES = 10_000;

    private Walk() {}

    /** Every page of {@code query}, first to last. */
    static List<Page> pages(VersionedStore store, ListQuery query) {
        return pages(store, query, page -> {});
    }

    /** Every page of {@code query}, calling {@code between} after each page before fetching the next. */
    static List<Page> pages(VersionedStore store, ListQuery query, Consumer<Page> between) {
        List<Page> pages = new ArrayList<>();
        ListQuery next = query;
        while (true) {
            Page page = store.list(next);
            pages.add(page);
            assertTrue(
                    page.records().size() <= query.limit(),
                    "a page holds at most limit=" + query.limit() + " records, got "
                            + page.records().size());
            if (!page.hasMore()) {
                return pages;
            }
            assertTrue(pages.size() < MAX_PAGES, "listing never ends");
            assertNotEquals(next.cursor(), page.nextCursor(), "the cursor did not move");
            between.accept(page);
            next = next.after(page);
        }
    }

    /** The ids of every record of every page, in listing order. */
    static List<String> ids(List<Page> pages) {
        List<String> ids = new ArrayList<>();
        for (Page page : pages) {
            for (Stored stored : page.records()) {
                ids.add(stored.key().id());
            }
        }
        return ids;
    }

    static List<Integer> sizes(List<Page> pages) {
        return pages.stream().map(p -> p.records().size()).toList();
    }

    /** The ids of a whole listing. */
    static List<String> allIds(VersionedStore store, ListQuery query) {
        return ids(pages(store, query));
    }
}
