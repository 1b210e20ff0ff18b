package dev.stepwise.store.workerskv;

import java.util.List;
import java.util.Optional;

/**
 * One page of a key listing.
 *
 * @param names the key names of this page, in KV's (lexicographic) order
 * @param cursor where the next page starts, empty on the last page
 */
public record KeyPage(List<String> names, Optional<String> cursor) {

    public KeyPage {
        names = List.copyOf(names);
    }
}
