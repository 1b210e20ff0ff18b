package dev.stepwise.server;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The store options shared by every command. */
final class StoreOptions {

    @Option(
            names = "--store",
            paramLabel = "URI",
            defaultValue = "sqlite:./stepwise.db",
            description = {
                "Where sessions live (default: ${DEFAULT-VALUE}). One of:",
                "  memory:[?maxRecords=N]     (lost on exit; N defaults to 100000)",
                "  file:DIR",
                "  sqlite:FILE",
                "  jdbc:postgresql://HOST[:PORT]/DB?user=U&password=P",
                "  jdbc:mariadb://HOST[:PORT]/DB?user=U&password=P",
                "  jdbc:h2:file:PATH",
                "  redis://HOST:PORT   rediss://HOST:PORT",
                "  redis-cluster://HOST:PORT,HOST:PORT",
                "  mongodb://HOST[:PORT][/DB]",
                "  dynamodb://TABLE[?region=R&endpoint=URL]",
                "  workers-kv://ACCOUNT/NAMESPACE  (one writer only)",
                "See docs/stores.md for every option."
            })
    String uri;

    @Option(
            names = "--encrypt-key-file",
            paramLabel = "FILE",
            description = "Key ring file: encrypt session values at rest (AES-256-GCM).")
    Path keyFile;
}
