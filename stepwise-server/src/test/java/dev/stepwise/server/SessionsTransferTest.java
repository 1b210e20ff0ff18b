package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.memory.MemoryStore;
import dev.stepwise.store.tck.Services;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise sessions export} and {@code import}: whole stores moved through the export file. */
class SessionsTransferTest {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @TempDir
    Path dir;

    @Test
    void sqliteMovesToPostgresWithItemsScopesAndResources() throws Exception {
        Services.assumeListening("PostgreSQL", "127.0.0.1", 5432);
        String sqlite = "sqlite:" + dir.resolve("source.db");
        Map<String, SampleRecords.Snapshot> source;
        try (VersionedStore s = StoreProviders.open(sqlite)) {
            SampleRecords.write(s);
            source = SampleRecords.snapshot(s);
        }
        assertTrue(
                source.values().stream()
                        .anyMatch(r -> r.stored().key().kind() == dev.stepwise.store.RecordKind.SESSION
                                && !r.items().isEmpty()),
                "the sample's sessions have turn logs");
        Path file = dir.resolve("export.jsonl");
        Cli export = Cli.run("sessions", "export", "--store", sqlite, "--output", file.toString());
        assertEquals(0, export.exit(), export.toString());
        assertTrue(export.out().contains("exported " + source.size() + " records"), export.out());

        String schema = "export_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(POSTGRES);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String postgres = POSTGRES + "&currentSchema=" + schema;
        try {
            Cli imported = Cli.run("sessions", "import", "--store", postgres, "--input", file.toString());
            assertEquals(0, imported.exit(), imported.toString());
            assertTrue(imported.out().contains("imported " + source.size() + " records"), imported.out());
            try (VersionedStore target = StoreProviders.open(postgres)) {
                SampleRecords.assertSameRecords(source, SampleRecords.snapshot(target));
            }
            // The sessions still work where they landed: the CLI shows one by its flow and id.
            Cli show = Cli.run("sessions", "show", "--store", postgres, "--flow", InsuranceQuote.ID, "s2");
            assertTrue(show.out().contains("Ada s2"), show.toString());
        } finally {
            try (Connection c = DriverManager.getConnection(POSTGRES);
                    Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void memoryMovesToAFileStoreAndExportsAlikeFromThere() throws Exception {
        MemoryStore memory = MemoryStore.builder().build();
        SampleRecords.write(memory);
        Map<String, SampleRecords.Snapshot> source = SampleRecords.snapshot(memory);
        Path file = dir.resolve("memory.jsonl");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                PrintWriter print = new PrintWriter(writer)) {
            assertTrue(exporter()
                    .exportFrom(memory, new SessionsExport.Lines(print), new PrintWriter(new StringWriter())));
        }
        String store = "file:" + dir.resolve("files");
        Cli imported = Cli.run("sessions", "import", "--store", store, "--input", file.toString());
        assertEquals(0, imported.exit(), imported.toString());
        try (VersionedStore target = StoreProviders.open(store)) {
            SampleRecords.assertSameRecords(source, SampleRecords.snapshot(target));
        }
        Path again = dir.resolve("again.jsonl");
        assertEquals(
                0,
                Cli.run("sessions", "export", "--store", store, "--output", again.toString())
                        .exit());
        assertEquals(withoutVolatileFields(file), withoutVolatileFields(again));
    }

    @Test
    void importNeverOverwritesAndARunAgainSkipsWhatExists() throws Exception {
        String source = "file:" + dir.resolve("source");
        try (VersionedStore s = StoreProviders.open(source)) {
            SampleRecords.write(s);
        }
        Path file = dir.resolve("export.jsonl");
        assertEquals(
                0,
                Cli.run("sessions", "export", "--store", source, "--output", file.toString())
                        .exit());
        String target = "file:" + dir.resolve("target");
        assertEquals(
                0,
                Cli.run("sessions", "import", "--store", target, "--input", file.toString())
                        .exit());
        StoreKey s1 = SessionKeys.key(InsuranceQuote.ID, "s1");
        try (VersionedStore t = StoreProviders.open(target)) {
            long version = t.read(s1).orElseThrow().version();
            t.write(Write.of(
                    s1,
                    "{\"newer\":true}".getBytes(StandardCharsets.UTF_8),
                    Expect.version(version),
                    Duration.ofHours(1)));
        }
        Cli again = Cli.run("sessions", "import", "--store", target, "--input", file.toString(), "--json");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("\"imported\":0") && again.out().contains("\"existing\":9"), again.out());
        try (VersionedStore t = StoreProviders.open(target)) {
            assertEquals("{\"newer\":true}", new String(t.read(s1).orElseThrow().value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBadLineStopsTheImportNamingItAndWritesNothingOfIt() throws Exception {
        String source = "file:" + dir.resolve("source");
        try (VersionedStore s = StoreProviders.open(source)) {
            SampleRecords.write(s);
        }
        Path file = dir.resolve("export.jsonl");
        assertEquals(
                0,
                Cli.run("sessions", "export", "--store", source, "--output", file.toString())
                        .exit());
        List<String> lines = Files.readAllLines(file);
        // Line 3 (the second record) cut in the middle, as a copy interrupted mid-line would leave it.
        List<String> broken = new ArrayList<>(lines);
        broken.set(2, lines.get(2).substring(0, lines.get(2).length() / 2));
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, broken);
        String target = "file:" + dir.resolve("target");
        Cli run = Cli.run("sessions", "import", "--store", target, "--input", bad.toString());
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("line 3") && run.err().contains("1 records were imported"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        try (VersionedStore t = StoreProviders.open(target)) {
            Map<String, SampleRecords.Snapshot> landed = SampleRecords.snapshot(t);
            assertEquals(1, landed.size(), landed.keySet().toString());
            assertTrue(lines.get(1)
                    .contains(landed.values().iterator().next().stored().key().id()));
        }

        // A file cut at a line boundary: every record there lands, and the missing end line is reported.
        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, lines.size() - 1));
        Cli truncated = Cli.run("sessions", "import", "--store", target, "--input", cut.toString());
        assertEquals(2, truncated.exit(), truncated.toString());
        assertTrue(truncated.err().contains("truncated"), truncated.err());

        Path future = dir.resolve("future.jsonl");
        Files.writeString(future, lines.get(0).replace("\"version\":1", "\"version\":9") + "\n");
        Cli newer = Cli.run("sessions", "import", "--store", target, "--input", future.toString());
        assertTrue(newer.err().contains("line 1") && newer.err().contains("version 9"), newer.toString());
    }

    @Test
    void exportFiltersResumesAndReportsProgress() throws Exception {
        String source = "file:" + dir.resolve("source");
        try (VersionedStore s = StoreProviders.open(source)) {
            SampleRecords.write(s);
        }
        Cli flow = Cli.run(
                "sessions",
                "export",
                "--store",
                source,
                "--flow",
                InsuranceQuote.ID,
                "--kinds",
                "session",
                "--status",
                "active",
                "--progress-every",
                "2");
        assertEquals(0, flow.exit(), flow.toString());
        List<String> lines = flow.out().lines().toList();
        assertEquals(5, lines.size(), flow.out()); // header, s1..s3, end
        assertTrue(flow.err().contains("export: 2 records, at session:" + InsuranceQuote.ID + ":s2"), flow.err());

        Cli resumed = Cli.run(
                "sessions",
                "export",
                "--store",
                source,
                "--kinds",
                "session",
                "--after",
                "session:" + InsuranceQuote.ID + ":s2");
        List<String> rest = resumed.out().lines().toList();
        assertEquals(4, rest.size(), resumed.out()); // header, s3, t1, end
        assertTrue(rest.get(1).contains(":s3\"") && rest.get(2).contains(":t1\""), resumed.out());

        Cli bogus = Cli.run("sessions", "export", "--store", source, "--status", "bogus");
        assertEquals(2, bogus.exit());
        assertTrue(bogus.err().contains("active, completed, cancelled"), bogus.err());
    }

    @Test
    void statusIsValidatedWhereSessionsAreListedAndPurged() throws IOException {
        // an existing (empty) store: listing never creates one
        String store = "file:" + Files.createDirectories(dir.resolve("s"));
        for (String command : new String[] {"list", "purge"}) {
            Cli bogus = Cli.run("sessions", command, "--store", store, "--status", "bogus");
            assertEquals(2, bogus.exit(), bogus.toString());
            assertTrue(
                    bogus.err().contains("'bogus' is not a session status; use one of active, completed, cancelled"),
                    bogus.err());
        }
        assertEquals(
                0,
                Cli.run("sessions", "list", "--store", store, "--status", "Completed")
                        .exit());
    }

    private static SessionsExport exporter() {
        SessionsExport export = new SessionsExport();
        export.reporting = new ProgressOptions();
        export.reporting.every = 1000;
        return export;
    }

    /** The lines with what an import cannot keep (versions, update times, the export's own time) removed. */
    private static List<String> withoutVolatileFields(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .map(l -> l.replaceAll("\"(version|updatedAt|createdAt|expiresAt)\":(\"[^\"]*\"|\\d+),?", ""))
                .toList();
    }
}
