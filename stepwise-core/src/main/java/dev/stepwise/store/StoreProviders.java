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
        throw new IllegalArgumentException("no store on the class path accepts URIs starting '" + scheme(uri)
                + "'; accepted forms: " + String.join(", ", forms));
    }

    /**
     * The scheme part of a URI no provider knows, and nothing after it: unknown forms may carry
     * credentials where {@link #redact} does not look (e.g. {@code jdbc:oracle:thin:user/password@host}).
     */
    static String scheme(String uri) {
        int end = uri.length();
        for (char stop : new char[] {'/', '@', '?', ';'}) {
            int at = uri.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        int colon = uri.lastIndexOf(':', end - 1);
        return colon < 0 ? "…" : uri.substring(0, colon + 1) + "…";
    }

    /** The URI with any user-info password replaced, safe to log or show. */
    public static String redact(String uri) {
        return uri.replaceAll("(?<=://)([^:/@]*):[^@/]*@", "$1:***@")
                .replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
