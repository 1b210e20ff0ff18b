package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer's first mistakes print: a clear message, and nothing created by a read. */
class FirstRunMessagesTest {

    @TempDir
    Path dir;

    @Test
    void readingASqliteStoreInAMissingDirectoryNamesItAndCreatesNothing() {
        Path missing = dir.resolve("missing-dir");
        Cli run = Cli.run("sessions", "list", "--store", "sqlite:" + missing.resolve("x.db"));
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("directory " + missing + " does not exist"), run.err());
        assertFalse(Files.exists(missing), "a read-only command created " + missing);
    }

    @Test
    void readingAMissingFileStoreNamesItAndCreatesNothing() {
        Path missing = dir.resolve("missing-dir");
        for (String command : List.of("list", "export")) {
            Cli run = Cli.run("sessions", command, "--store", "file:" + missing);
            assertEquals(2, run.exit(), run.toString());
            assertTrue(run.err().contains("no store at " + missing), run.err());
            assertFalse(Files.exists(missing), "sessions " + command + " created " + missing);
        }
    }

    @Test
    void openingForServingStillCreatesALocalStore() {
        Path file = dir.resolve("new-dir").resolve("x.db");
        try (VersionedStore store = StoreOpener.open("sqlite:" + file, null)) {
            assertTrue(Files.isRegularFile(file), "serve creates its SQLite store");
        }
        Cli run = Cli.run("sessions", "list", "--store", "sqlite:" + file);
        assertEquals(0, run.exit(), run.toString());
    }

    @Test
    void aPostgresUrlAsPsqlWritesItSuggestsTheJdbcForm() {
        Cli run = Cli.run("sessions", "list", "--store", "postgres://app:hunter2@db.example/app");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("did you mean jdbc:postgresql://"), run.err());
        assertFalse(run.err().contains("hunter2"), run.err());
    }

    @Test
    void aMissingFlowsDirectoryIsCalledThatNotAMissingClass() {
        Path missing = dir.resolve("missing-dir");
        Cli run = Cli.run("flows", "list", "--flows", missing.toString());
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("no such directory"), run.err());
        assertFalse(run.err().contains("class path"), run.err());
        Cli typo = Cli.run("flows", "list", "--flows", "com.example.NoSuchFlows");
        assertTrue(typo.err().contains("neither a directory nor a class"), typo.err());
    }

    @Test
    void helpListsEveryStoreWithEachUriOnOneLineAndTheBenchCommand() {
        String help = Cli.run("sessions", "list", "--help").out();
        for (String form : List.of(
                "memory:",
                "file:DIR",
                "sqlite:FILE",
                "jdbc:postgresql://HOST[:PORT]/DB?user=U&password=P",
                "jdbc:mariadb://HOST[:PORT]/DB?user=U&password=P",
                "jdbc:h2:file:PATH",
                "rediss://HOST:PORT",
                "redis-cluster://HOST:PORT,HOST:PORT",
                "mongodb://HOST[:PORT][/DB]",
                "dynamodb://TABLE[?region=R&endpoint=URL]",
                "workers-kv://ACCOUNT/NAMESPACE")) {
            assertTrue(help.contains(form), "help lacks " + form + " on one line:\n" + help);
        }
        for (var provider : StoreProviders.all()) {
            String scheme = provider.uriForms().get(0).replaceAll("^([a-z0-9+-]+:(//)?).*", "$1");
            assertTrue(help.contains(scheme), "help does not mention the " + scheme + " store:\n" + help);
        }
        assertTrue(
                Cli.run("--help").out().contains("./stepwise bench"),
                Cli.run("--help").out());
    }
}
