package dev.stepwise.store;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link StoreProvider} on the class path that opens a given store URI. */
public final class StoreProviders {

    private StoreProviders() {}

    /** Every provider on the class path. */
    public static List<StoreProvider> all() {
        List<StoreProvider> providers = new ArrayList<>();
        ServiceLoader.load(StoreProvider.class).forEach(providers::add);
        return providers;
    }

    /**
     * Opens the store a URI names.
     *
     * @throws IllegalArgumentException when no provider accepts the URI, listing the accepted forms
     */
    public static VersionedStore open(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("store URI must not be empty");
        }
        List<String> forms = new ArrayList<>();
        for (StoreProvider provider : all()) {
            if (provider.accepts(uri)) {
                return provider.open(uri);
            }
            forms.addAll(provider.uriForms());
        }
        throw new IllegalArgumentException("no store on the class path accepts '" + redact(uri)
                + "'; accepted forms: " + String.join(", ", forms));
    }

    /** The URI with any user-info password replaced, safe to log or show. */
    public static String redact(String uri) {
        return uri.replaceAll("(?<=://)([^:/@]*):[^@/]*@", "$1:***@")
                .replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
