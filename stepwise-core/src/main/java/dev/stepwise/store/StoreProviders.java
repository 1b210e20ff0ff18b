package dev.stepwise.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
        throw new IllegalArgumentException("no store on the class path accepts URIs starting '" + scheme(uri) + "'"
                + didYouMean(uri) + "; accepted forms: " + String.join(", ", forms));
    }

    /**
     * Where the store a URI names lives on this machine (see {@link StoreProvider#localPath}), or
     * empty when it lives elsewhere or no provider accepts the URI.
     */
    public static Optional<Path> localPath(String uri) {
        for (StoreProvider provider : all()) {
            if (provider.accepts(uri)) {
                return provider.localPath(uri);
            }
        }
        return Optional.empty();
    }

    /**
     * A hint for the URI forms other tools use for a database Stepwise opens through JDBC
     * ({@code postgres://} is what psql and most hosting dashboards print).
     */
    static String didYouMean(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        for (String[] alias : new String[][] {
            {"postgres://", "jdbc:postgresql://"},
            {"postgresql://", "jdbc:postgresql://"},
            {"mariadb://", "jdbc:mariadb://"},
            {"mysql://", "jdbc:mariadb://"},
            {"sqlite://", "sqlite:"},
        }) {
            if (lower.startsWith(alias[0])) {
                return " (did you mean " + alias[1] + "…? Credentials go in ?user=…&password=…)";
            }
        }
        return "";
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

    /** The URI with any user-info password and any {@code password=} or {@code token=} value replaced, safe to log or show. */
    public static String redact(String uri) {
        return uri.replaceAll("(?<=://)([^:/@]*):[^@/]*@", "$1:***@")
                .replaceAll("(?i)(password=|token=)[^&]*", "$1***");
    }
}
