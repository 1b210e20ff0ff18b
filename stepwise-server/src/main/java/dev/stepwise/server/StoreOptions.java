package dev.stepwise.server;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The store options shared by every command. */
final class StoreOptions {

    @Option(names = "--store", paramLabel = "URI", defaultValue = "sqlite:./stepwise.db",
            description = "Where sessions live: memory:, file:DIR, sqlite:FILE, jdbc:postgresql://..., jdbc:mariadb://...,"
                    + " redis://HOST:PORT, redis-cluster://... (default: ${DEFAULT-VALUE}).")
    String uri;

    @Option(names = "--encrypt-key-file", paramLabel = "FILE",
            description = "Key ring file: encrypt session values at rest (AES-256-GCM).")
    Path keyFile;
}
