package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stepwise.engine.LogItem;
import dev.stepwise.engine.Sessions;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve}'s options for session life, completed retention, loop limit and log window: parsed,
 * checked with a clear error, and in effect on every hosted flow.
 */
class ServeEngineOptionsTest {

    private static final String FLOW = "insurance_quote";

    @TempDir
    Path dir;

    @Test
    void theOptionsParseIntoOverridesAndNoneIsTheDefault() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve)
                .parseArgs(
                        "--session-ttl",
                        "15m",
                        "--loop-limit",
                        "3",
                        "--completed-retention",
                        "PT2H",
                        "--log-max-items",
                        "5",
                        "--log-max-age",
                        "7d",
                        "--read-every-turn");
        assertEquals(
                new EngineOverrides(Duration.ofMinutes(15), 3, Duration.ofHours(2), 5, Duration.ofDays(7), true),
                serve.engineOverrides());
        ServeCommand timeouts = new ServeCommand();
        new CommandLine(timeouts).parseArgs("--idle-timeout", "45s", "--shutdown-timeout", "1m");
        assertEquals(Duration.ofSeconds(45), timeouts.idleTimeout, "every serve duration takes the short form");
        assertEquals(Duration.ofMinutes(1), timeouts.shutdownTimeout);
        ServeCommand plain = new ServeCommand();
        new CommandLine(plain).parseArgs();
        assertEquals(EngineOverrides.NONE, plain.engineOverrides());
    }

    @Test
    void outOfRangeValuesAreClearErrorsBeforeAnythingStarts() {
        List<List<String>> cases = List.of(
                List.of("--session-ttl", "0s", "--session-ttl must be positive, not PT0S"),
                List.of("--completed-retention", "-PT1H", "--completed-retention must be positive, not PT-1H"),
                List.of("--log-max-age", "PT0S", "--log-max-age must be positive, not PT0S"),
                List.of("--loop-limit", "0", "--loop-limit must be 1 to 10000, not 0"),
                List.of("--loop-limit", "10001", "--loop-limit must be 1 to 10000, not 10001"),
                List.of("--log-max-items", "0", "--log-max-items must be at least 1, not 0"),
                List.of(
                        "--max-concurrent-requests",
                        "0",
                        "--max-concurrent-requests must be from 1 to 1073741823, not 0"),
                List.of(
                        "--max-concurrent-requests",
                        "1073741824",
                        "--max-concurrent-requests must be from 1 to 1073741823, not 1073741824"),
                List.of("--session-ttl", "soon", "'soon' is not a duration; write e.g. 90s, 15m, 24h, 7d"),
                List.of("--loop-limit", "many", "'many'"),
                // a flag: it takes no value, and a value given to it is refused, not read as true
                List.of("--read-every-turn", "maybe", "Unmatched argument at index 8: 'maybe'"),
                List.of("--read-every-turn=maybe", "--loop-limit=3", "'maybe' is not a boolean"));
        for (List<String> c : cases) {
            // a missing --flows directory: should the option be accepted, serve fails there instead of starting
            Cli run = Cli.run(
                    "serve",
                    "--store",
                    "memory:",
                    "--port",
                    "0",
                    "--flows",
                    dir.resolve("none").toString(),
                    c.get(0),
                    c.get(1));
            assertEquals(2, run.exit(), c + ": " + run);
            assertTrue(run.err().contains(c.get(2)), c + ": " + run.err());
            assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        }
    }

    @Test
    void aBadMemoryStoreBoundIsAClearErrorBeforeAnythingStarts() {
        Map<String, String> cases = Map.of(
                "memory:?maxRecords=0",
                "the memory store's maxRecords must be a whole number from 1 to 2147483647, was '0'",
                "memory:?maxRecordz=5",
                "unknown memory store option 'maxRecordz=5' in 'memory:?maxRecordz=5'; the only option is maxRecords=N");
        cases.forEach((uri, message) -> {
            Cli run = Cli.run("serve", "--store", uri, "--port", "0");
            assertEquals(2, run.exit(), uri + ": " + run);
            assertTrue(run.err().contains(message), uri + ": " + run.err());
            assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        });
    }

    @Test
    void sessionTtlAndCompletedRetentionSetWhenRecordsExpire() {
        String store = "sqlite:" + dir.resolve("stepwise.db");
        EngineOverrides overrides =
                new EngineOverrides(Duration.ofMinutes(7), null, Duration.ofMinutes(3), null, null, false);
        try (TestServer server = TestServer.start(store, overrides);
                VersionedStore reader = StoreOpener.openExisting(store, null)) {
            McpSyncClient client = server.client();
            try {
                Instant before = Instant.now();
                String session = Calls.call(client, FLOW, "{\"action\":\"start\"}")
                        .path("sessionId")
                        .asString();
                Instant after = Instant.now();
                assertExpiresWithin(
                        reader, session, before.plus(Duration.ofMinutes(7)), after.plus(Duration.ofMinutes(7)));

                before = Instant.now();
                JsonNode cancelled =
                        Calls.call(client, FLOW, "{\"action\":\"cancel\",\"sessionId\":\"" + session + "\"}");
                after = Instant.now();
                assertEquals("cancelled", cancelled.path("status").asString(), cancelled.toString());
                assertExpiresWithin(
                        reader, session, before.plus(Duration.ofMinutes(3)), after.plus(Duration.ofMinutes(3)));
            } finally {
                client.close();
            }
        }
    }

    private static void assertExpiresWithin(VersionedStore store, String session, Instant earliest, Instant latest) {
        Stored record = Sessions.of(store).record(FLOW, session).orElseThrow();
        Instant expires = record.expiresAt();
        assertFalse(
                expires.isBefore(earliest.minusSeconds(1)) || expires.isAfter(latest.plusSeconds(1)),
                "expires " + expires + ", expected between " + earliest + " and " + latest);
    }

    @Test
    void theLoopLimitAppliesToEveryHostedFlow() {
        try (TestServer server = TestServer.start("memory:", new EngineOverrides(null, 1, null, null, null, false))) {
            McpSyncClient client = server.client();
            try {
                String session = Calls.call(client, FLOW, "{\"action\":\"start\"}")
                        .path("sessionId")
                        .asString();
                // answering both contact questions moves on: the answered ask node, then the next one
                JsonNode next = Calls.call(
                        client,
                        FLOW,
                        "{\"action\":\"continue\",\"sessionId\":\"" + session
                                + "\",\"stateUpdates\":{\"name\":\"Ada\",\"email\":\"ada@example.org\"}}");
                assertEquals("LOOP_LIMIT", next.path("code").asString(), next.toString());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void theLogWindowTrimsEachSessionsStoredLog() {
        String store = "sqlite:" + dir.resolve("log.db");
        try (TestServer server = TestServer.start(store, new EngineOverrides(null, null, null, 2, null, false));
                VersionedStore reader = StoreOpener.openExisting(store, null)) {
            McpSyncClient client = server.client();
            try {
                String session = Calls.call(client, FLOW, "{\"action\":\"start\"}")
                        .path("sessionId")
                        .asString();
                long last = 0;
                // invalid answers are stored turns that leave the session where it is
                for (int i = 0; i < 64 && last < 40; i++) {
                    Calls.call(
                            client,
                            FLOW,
                            "{\"action\":\"continue\",\"sessionId\":\"" + session
                                    + "\",\"stateUpdates\":{\"email\":\"not an address\"}}");
                    List<LogItem> log = Sessions.of(reader).log(FLOW, session, ItemWindow.after(0, 1000));
                    last = log.isEmpty() ? last : log.get(log.size() - 1).seq();
                }
                assertTrue(last >= 40, "the turns stored " + last + " items");
                List<LogItem> log = Sessions.of(reader).log(FLOW, session, ItemWindow.after(0, 1000));
                assertTrue(
                        log.size() < 20 && log.get(0).seq() > 1,
                        "with --log-max-items 2 the log is trimmed: " + log.size() + " items from seq "
                                + log.get(0).seq());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aMemoryStoreIsAWarningAtStartAndAPersistentOneIsNot() {
        Logger logger = (Logger) LoggerFactory.getLogger(FlowService.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            new FlowService("memory:", null, FlowCatalog.load(null)).close();
            assertTrue(
                    appender.list.stream()
                            .anyMatch(e -> e.getLevel() == Level.WARN
                                    && e.getFormattedMessage().contains("lost when the server stops or restarts")),
                    appender.list.toString());
            appender.list.clear();
            new FlowService("sqlite:" + dir.resolve("kept.db"), null, FlowCatalog.load(null)).close();
            assertTrue(appender.list.stream().noneMatch(e -> e.getLevel() == Level.WARN), appender.list.toString());
        } finally {
            logger.detachAppender(appender);
        }
    }
}
