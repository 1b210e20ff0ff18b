package dev.stepwise.store.file;

import dev.stepwise.store.StoreProvider;
import dev.stepwise.store.VersionedStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens {@link FileStore}s from URIs: {@code file:DIR} (relative or absolute path),
 * {@code file:///ABSOLUTE/DIR}, optionally followed by {@code ?pretty=true} to indent the files.
 * The directory is created if missing.
 */
public final class FileStoreProvider implements StoreProvider {

    private static final String SCHEME = "file:";

    @Override
    public List<String> uriForms() {
        return List.of("file:DIR[?pretty=true]");
    }

    @Override
    public boolean accepts(String uri) {
        return uri != null && uri.toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    @Override
    public VersionedStore open(String uri) {
        Location location = parse(uri);
        return FileStore.builder(location.directory()).pretty(location.pretty()).build();
    }

    /** The store's directory. */
    @Override
    public Optional<Path> localPath(String uri) {
        return Optional.of(parse(uri).directory());
    }

    private record Location(Path directory, boolean pretty) {}

    private Location parse(String uri) {
        if (!accepts(uri)) {
            throw new IllegalArgumentException("not a file store URI: '" + uri + "'; use file:DIR");
        }
        String rest = uri.substring(SCHEME.length());
        boolean pretty = false;
        int query = rest.indexOf('?');
        if (query >= 0) {
            String options = rest.substring(query + 1);
            rest = rest.substring(0, query);
            for (String option : options.split("&")) {
                switch (option.toLowerCase(Locale.ROOT)) {
                    case "pretty=true" -> pretty = true;
                    case "pretty=false", "" -> pretty = false;
                    default ->
                        throw new IllegalArgumentException("unknown file store option '" + option + "' in '" + uri
                                + "'; the only option is pretty=true|false");
                }
            }
        }
        if (rest.isBlank()) {
            throw new IllegalArgumentException(
                    "the file store URI '" + uri + "' names no directory; use file:DIR, e.g. file:./sessions");
        }
        try {
            return new Location(rest.startsWith("//") ? Path.of(URI.create(SCHEME + rest)) : Path.of(rest), pretty);
        } catch (IllegalArgumentException e) { // includes InvalidPathException
            throw new IllegalArgumentException(
                    "the file store URI '" + uri + "' does not name a directory: " + e.getMessage(), e);
        }
    }
}
