package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.SessionFingerprint;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.examples.SupportTriage;
import dev.stepwise.json.Json;
import dev.stepwise.store.VersionedStore;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** `sessions purge` progress and JSON output; `sessions show` by the hash the logs print. */
class SessionsAdminTest {

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
            for (String id : List.of("s1", "s2", "s3")) {
                engine.call(FlowCall.start(InsuranceQuote.ID).sessionId(id).build());
            }
            engine.call(FlowCall.start(SupportTriage.ID).sessionId("t1").build());
        }
    }

    @Test
    void purgeShowsProgressLinesOffATerminalAndSummarisesAsJson() {
        Cli dry = Cli.run(
                "sessions", "purge", "--store", store, "--flow", InsuranceQuote.ID, "--json", "--progress-every", "1");
        assertEquals(0, dry.exit(), dry.toString());
        JsonNode counted = Json.parse(dry.out().strip());
        assertEquals(3, counted.path("matched").asLong(), dry.out());
        assertEquals(0, counted.path("deleted").asLong(), dry.out());
        assertTrue(counted.path("dryRun").asBoolean(), dry.out());
        assertEquals(3, progressLines(dry.err(), "count"), dry.err());

        Cli purge = Cli.run(
                "sessions",
                "purge",
                "--store",
                store,
                "--flow",
                InsuranceQuote.ID,
                "--yes",
                "--json",
                "--progress-every",
                "1");
        assertEquals(0, purge.exit(), purge.toString());
        JsonNode done = Json.parse(purge.out().strip());
        assertEquals(3, done.path("matched").asLong(), purge.out());
        assertEquals(3, done.path("deleted").asLong(), purge.out());
        assertEquals(3, progressLines(purge.err(), "purge"), purge.err());

        Cli left = Cli.run("sessions", "purge", "--store", store, "--progress-every", "1");
        assertTrue(left.out().contains("1 sessions match; add --yes to delete them"), left.out());
        assertTrue(left.err().contains("count: 1 records, at session:"), left.err());
    }

    private static long progressLines(String err, String task) {
        return err.lines()
                .filter(line -> line.startsWith("{"))
                .map(Json::parse)
                .filter(line -> task.equals(line.path("progress").asString()))
                .count();
    }

    @Test
    void showAcceptsTheHashTheLogsPrintAndPrintsIt() {
        String hash = SessionFingerprint.of("s2");
        Cli byHash = Cli.run("sessions", "show", "--store", store, "--flow", InsuranceQuote.ID, hash);
        assertEquals(0, byHash.exit(), byHash.toString());
        assertTrue(byHash.out().contains("session: s2\n"), byHash.out());
        assertTrue(byHash.out().contains("hash: " + hash + "\n"), byHash.out());

        Cli byId = Cli.run("sessions", "show", "--store", store, "--flow", InsuranceQuote.ID, "s1");
        assertTrue(byId.out().contains("hash: " + SessionFingerprint.of("s1")), byId.out());

        Cli otherFlow = Cli.run("sessions", "show", "--store", store, "--flow", SupportTriage.ID, hash);
        assertEquals(1, otherFlow.exit(), otherFlow.toString());
        assertTrue(otherFlow.err().contains("no session '" + hash + "'"), otherFlow.err());
    }

    @Test
    void theSessionHashInACallLogLineFindsTheSession() {
        String sqlite = "sqlite:" + dir.resolve("served.db");
        Logger calls = (Logger) LoggerFactory.getLogger("stepwise.calls");
        Level level = calls.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        calls.addAppender(appender);
        calls.setLevel(Level.DEBUG);
        String sessionId;
        try (TestServer server = TestServer.start(sqlite)) {
            McpSyncClient client = server.client();
            try {
                sessionId = Calls.call(client, InsuranceQuote.ID, "{\"action\":\"start\"}")
                        .path("sessionId")
                        .asString();
            } finally {
                client.close();
            }
        } finally {
            calls.detachAppender(appender);
            calls.setLevel(level);
        }
        String line = appender.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("flow=" + InsuranceQuote.ID))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no call line: " + appender.list));
        Matcher logged = Pattern.compile("session=(\\S+)").matcher(line);
        assertTrue(logged.find(), line);
        Cli show = Cli.run("sessions", "show", "--store", sqlite, "--flow", InsuranceQuote.ID, logged.group(1));
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains("session: " + sessionId + "\n"), show.out());
        assertTrue(show.out().contains("hash: " + logged.group(1) + "\n"), show.out());
    }
}
