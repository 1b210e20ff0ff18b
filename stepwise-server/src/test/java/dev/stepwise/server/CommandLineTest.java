package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.examples.SupportTriage;
import dev.stepwise.store.VersionedStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `stepwise sessions ...` and `stepwise flows ...` against a file store. */
class CommandLineTest {

    @TempDir
    Path dir;

    private String store;

    @BeforeEach
    void sessions() {
        store = "file:" + dir.resolve("sessions");
        try (VersionedStore s = StoreOpener.open(store, null)) {
            FlowEngine engine = FlowEngine.builder()
                    .store(s)
                    .register(InsuranceQuote.flow(), SupportTriage.flow())
                    .build();
            for (String id : new String[] {"s1", "s2", "s3"}) {
                assertEquals(
                        "interrupt",
                        engine.call(FlowCall.start(InsuranceQuote.ID)
                                        .sessionId(id)
                                        .update("name", "Ada")
                                        .build())
                                .status());
            }
            engine.call(FlowCall.start(SupportTriage.ID).sessionId("t1").build());
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listPagesWithACursor() {
        Run first = run("sessions", "list", "--store", store, "--flow", InsuranceQuote.ID, "--limit", "2");
        assertEquals(0, first.exit(), first.err());
        assertTrue(
                first.out().contains(" s1 ")
                        && first.out().contains(" s2 ")
                        && !first.out().contains(" s3 "),
                first.out());
        Matcher cursor = Pattern.compile("--cursor (\\S+)").matcher(first.out());
        assertTrue(cursor.find(), first.out());
        Run second = run(
                "sessions",
                "list",
                "--store",
                store,
                "--flow",
                InsuranceQuote.ID,
                "--limit",
                "2",
                "--cursor",
                cursor.group(1));
        assertTrue(second.out().contains(" s3 ") && !second.out().contains(" s1 "), second.out());
        assertFalse(second.out().contains("--cursor"), "last page: " + second.out());
        Run all = run("sessions", "list", "--store", store);
        assertTrue(all.out().contains("support_triage") && all.out().contains(" t1 "), all.out());
    }

    @Test
    void showDeleteAndPurge() {
        Run show = run("sessions", "show", "--store", store, "--flow", InsuranceQuote.ID, "s1");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("status: active") && show.out().contains("\"Ada\""), show.out());

        assertEquals(
                0,
                run("sessions", "delete", "--store", store, "--flow", InsuranceQuote.ID, "s1")
                        .exit());
        assertEquals(
                1,
                run("sessions", "delete", "--store", store, "--flow", InsuranceQuote.ID, "s1")
                        .exit());
        assertEquals(
                1,
                run("sessions", "show", "--store", store, "--flow", InsuranceQuote.ID, "s1")
                        .exit());

        Run dry = run("sessions", "purge", "--store", store, "--flow", InsuranceQuote.ID);
        assertTrue(dry.out().contains("2 sessions match"), dry.out());
        Run purge = run("sessions", "purge", "--store", store, "--flow", InsuranceQuote.ID, "--yes");
        assertTrue(purge.out().contains("deleted 2 of 2"), purge.out());
        Run left = run("sessions", "list", "--store", store);
        assertTrue(left.out().contains(" t1 ") && !left.out().contains(InsuranceQuote.ID), left.out());
    }

    @Test
    void flowsListAndGraph() {
        Run list = run("flows", "list");
        assertTrue(list.out().contains(InsuranceQuote.ID) && list.out().contains(SupportTriage.ID), list.out());
        Run graph = run("flows", "graph", SupportTriage.ID);
        assertEquals(0, graph.exit(), graph.err());
        assertTrue(graph.out().contains("flowchart") && graph.out().contains("ask_solved"), graph.out());
        Run unknown = run("flows", "graph", "nope");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("insurance_quote"), unknown.err());
    }

    @Test
    void encryptedSessionsAreReadableOnlyWithTheKeyFile() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path keyFile = dir.resolve("keys.txt");
        Files.writeString(keyFile, "k1=" + Base64.getEncoder().encodeToString(key) + "\n");
        String encrypted = "file:" + dir.resolve("encrypted");
        try (VersionedStore s = StoreOpener.open(encrypted, keyFile)) {
            FlowEngine engine = FlowEngine.builder()
                    .store(s)
                    .register(InsuranceQuote.flow())
                    .build();
            engine.call(FlowCall.start(InsuranceQuote.ID)
                    .sessionId("e1")
                    .update("name", "Ada Secret")
                    .build());
        }
        Run withKey = run(
                "sessions",
                "show",
                "--store",
                encrypted,
                "--encrypt-key-file",
                keyFile.toString(),
                "--flow",
                InsuranceQuote.ID,
                "e1");
        assertTrue(withKey.out().contains("Ada Secret"), withKey.out() + withKey.err());
        Run withoutKey = run("sessions", "show", "--store", encrypted, "--flow", InsuranceQuote.ID, "e1");
        assertFalse(withoutKey.out().contains("Ada Secret"), withoutKey.out());
        assertTrue(withoutKey.out().contains("--encrypt-key-file"), withoutKey.out());
    }

    @Test
    void anUnknownStoreSaysWhichFormsExist() {
        Run bad = run("sessions", "list", "--store", "nosuch://x");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("sqlite:FILE") && bad.err().contains("memory:"), bad.err());
    }
}
