package dev.stepwise.engine;

import dev.stepwise.store.VersionedStore;
import java.util.Locale;

/** A store's default name in {@link StoreCall}s: its class name without {@code Store}, lower case. */
final class StoreNames {

    private StoreNames() {}

    static String of(VersionedStore store) {
        String name = store.getClass().getSimpleName();
        if (name.endsWith("Store") && name.length() > "Store".length()) {
            name = name.substring(0, name.length() - "Store".length());
        }
        return name.isEmpty() ? "store" : name.toLowerCase(Locale.ROOT);
    }
}
