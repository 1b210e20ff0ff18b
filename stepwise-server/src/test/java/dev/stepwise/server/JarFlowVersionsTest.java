package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowMigration;
import dev.stepwise.flow.FlowProvider;
import dev.stepwise.json.Json;
import dev.stepwise.store.tck.GreetVersions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Jar flows deploy new versions as flow files do: a provider lists several versions of a flow (new
 * sessions start on the newest, old sessions finish on theirs) and declares migrations for the
 * versions it no longer lists, so a server restarted on a new jar strands no stored session.
 */
class JarFlowVersionsTest {

    static Flow v1() {
        return GreetVersions.v1();
    }

    static Flow v10() {
        return GreetVersions.v10();
    }

    public static final class OnlyV1 implements FlowProvider {
        @Override
        public List<Flow> flows() {
            return List.of(v1());
        }
    }

    /** Lists the newest first: the order of the list does not decide which version is current. */
    public static final class BothVersions implements FlowProvider {
        @Override
        public List<Flow> flows() {
            return List.of(v10(), v1());
        }
    }

    public static final class MigratesV1 implements FlowProvider {
        @Override
        public List<Flow> flows() {
            return List.of(v10());
        }

        @Override
        public List<FlowMigration> migrations() {
            return List.of(GreetVersions.migrateV1());
        }
    }

    public static final class RestartsV1 implements FlowProvider {
        @Override
        public List<Flow> flows() {
            return List.of(v10());
        }

        @Override
        public List<FlowMigration> migrations() {
            return List.of(FlowMigration.restart("1", v10()));
        }
    }

    public static final class AlsoV1 implements FlowProvider {
        @Override
        public List<Flow> flows() {
            return List.of(v1());
        }
    }

    public static final class MigratesToNowhere implements FlowProvider {
        @Override
        public List<Flow> flows() {
            return List.of(v1());
        }

        @Override
        public List<FlowMigration> migrations() {
            return List.of(FlowMigration.restart("0", v10()));
        }
    }

    private static FlowService serve(Path dir, Class<?>... providers) {
        String names =
                String.join(",", List.of(providers).stream().map(Class::getName).toList());
        return new FlowService("sqlite:" + dir.resolve("s.db"), null, FlowCatalog.load(names), (Duration) null);
    }

    private static FlowResponse call(FlowService service, String json) {
        return service.engine().call("greet", Json.parse(json), null, null);
    }

    private static String startOnV1(Path dir) {
        try (FlowService first = serve(dir, OnlyV1.class)) {
            FlowResponse started = call(first, "{\"action\":\"start\",\"stateUpdates\":{\"name\":\"Old\"}}");
            assertEquals("age", field(started), started.toJson(true).toString());
            return started.meta().sessionId();
        }
    }

    private static FlowResponse answerAge(FlowService service, String session) {
        return call(
                service, "{\"action\":\"continue\",\"sessionId\":\"" + session + "\",\"stateUpdates\":{\"age\":40}}");
    }

    private static String field(FlowResponse response) {
        return response.toJson(true).path("field").asString();
    }

    @Test
    void sessionsOfAnOlderListedVersionFinishOnItWhileNewOnesStartOnTheNewest(@TempDir Path dir) {
        String session = startOnV1(dir);
        try (FlowService both = serve(dir, BothVersions.class)) {
            assertEquals("10", both.engine().flow("greet").orElseThrow().version(), "natural order: 10 > 1");
            FlowResponse done = answerAge(both, session);
            assertEquals("complete", done.status(), done.toJson(true).toString());
            assertEquals("1", done.meta().version());
            FlowResponse fresh = call(both, "{\"action\":\"start\",\"stateUpdates\":{\"name\":\"New\",\"age\":3}}");
            assertEquals("city", field(fresh), fresh.toJson(true).toString());
            assertEquals("10", fresh.meta().version());
        }
    }

    @Test
    void aDeclaredMigrationMovesSessionsOfAVersionNoLongerListed(@TempDir Path dir) {
        String session = startOnV1(dir);
        try (FlowService migrating = serve(dir, MigratesV1.class)) {
            FlowResponse next = answerAge(migrating, session);
            assertEquals(
                    "city",
                    field(next),
                    "moved to ask_years, answered, then on to the new question: " + next.toJson(true));
            assertEquals("10", next.meta().version());
            JsonNode state = migrating
                    .engine()
                    .sessions()
                    .state("greet", session)
                    .orElseThrow()
                    .toJson();
            assertEquals("Old (moved)", state.path("name").asString(), state.toString());
            assertEquals(40, state.path("age").asInt(), state.toString());
        }
    }

    @Test
    void aRestartMigrationStartsThoseSessionsOver(@TempDir Path dir) {
        String session = startOnV1(dir);
        try (FlowService restarting = serve(dir, RestartsV1.class)) {
            FlowResponse next = answerAge(restarting, session);
            assertEquals("name", field(next), next.toJson(true).toString());
            assertEquals("10", next.meta().version());
        }
    }

    @Test
    void withoutTheOldVersionOrAMigrationTheSessionIsRefusedNotRunOnTheWrongGraph(@TempDir Path dir) {
        String session = startOnV1(dir);
        try (FlowService onlyNew = serve(dir, OnlyV10.class)) {
            FlowResponse refused = answerAge(onlyNew, session);
            assertEquals("error", refused.status(), refused.toJson(true).toString());
            assertTrue(
                    refused.toJson(true).toString().contains("FLOW_VERSION_MISMATCH"),
                    refused.toJson(true).toString());
        }
    }

    public static final class OnlyV10 implements FlowProvider {
        @Override
        public List<Flow> flows() {
            return List.of(v10());
        }
    }

    @Test
    void aVersionListedTwiceIsRefusedNamingBothProviders() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> FlowCatalog.load(OnlyV1.class.getName() + "," + AlsoV1.class.getName()));
        assertTrue(e.getMessage().contains("flow 'greet' version 1 is provided twice"), e.getMessage());
        assertTrue(e.getMessage().contains("OnlyV1") && e.getMessage().contains("AlsoV1"), e.getMessage());
    }

    @Test
    void aMigrationToAVersionNoProviderListsIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FlowCatalog.load(MigratesToNowhere.class.getName()));
        assertTrue(
                e.getMessage().contains("migrates flow 'greet' from version 0 to version 10, which no provider lists"),
                e.getMessage());
    }
}
