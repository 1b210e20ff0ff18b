package dev.stepwise.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.LogItem;
import dev.stepwise.engine.LogPolicy;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.jdbc.JdbcStore;
import dev.stepwise.store.memory.MemoryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.sqlite.SQLiteDataSource;
import tools.jackson.databind.JsonNode;

/** {@code stepwise.*} properties and beans reach the store and the engine the starter builds. */
class StarterPropertiesTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StepwiseAutoConfiguration.class))
            .withBean("insuranceQuote", Flow.class, InsuranceQuote::flow);

    @Test
    void everyPropertyIsBound() throws Exception {
        runner.withPropertyValues(
                        "stepwise.store.uri=memory:",
                        "stepwise.max-attempts=3",
                        "stepwise.project-id=acme",
                        "stepwise.sessions.completed-retention=2h",
                        "stepwise.sessions.keep-completed-state=true",
                        "stepwise.sessions.read-every-turn=true",
                        "stepwise.log.max-items=10",
                        "stepwise.log.max-age=1d",
                        "stepwise.log.persist-state-changes=true",
                        "stepwise.flows.session-ttl=30m",
                        "stepwise.flows.loop-limit=7",
                        "stepwise.resources.max-bytes=2048",
                        "stepwise.resources.ttl=7d",
                        "stepwise.encryption.key-file=" + keyFile())
                .run(context -> {
                    StepwiseProperties p = context.getBean(StepwiseProperties.class);
                    assertEquals("memory:", p.getStore().getUri());
                    assertEquals(3, p.getMaxAttempts());
                    assertEquals("acme", p.getProjectId());
                    assertEquals(Duration.ofHours(2), p.getSessions().getCompletedRetention());
                    assertTrue(p.getSessions().isKeepCompletedState());
                    assertTrue(p.getSessions().isReadEveryTurn());
                    assertEquals(
                            new LogPolicy(Set.of(LogItem.STATUS), 10, Duration.ofDays(1)),
                            p.getLog().toPolicy());
                    assertEquals(keyFile(), p.getEncryption().getKeyFile());
                    assertEquals(2048, p.getResources().getMaxBytes());
                    assertEquals(Duration.ofDays(7), p.getResources().getTtl());

                    Flow flow = context.getBean(StepwiseFlows.class)
                            .builder("tiny")
                            .description("A flow of one question.")
                            .state(StateSchema.builder().string("x", "x").build())
                            .ask("ask", a -> a.question("x", "x?"))
                            .edge(Flow.START, "ask")
                            .edge("ask", Flow.END)
                            .build();
                    assertEquals(Duration.ofMinutes(30), flow.sessionTtl());
                    assertEquals(7, flow.loopLimit());
                });
    }

    @Test
    void theDefaultsAreThoseOfStepwiseServe() {
        runner.withPropertyValues("stepwise.store.uri=memory:").run(context -> {
            StepwiseProperties p = context.getBean(StepwiseProperties.class);
            assertEquals(LogPolicy.DEFAULT, p.getLog().toPolicy());
            assertEquals(Duration.ofHours(24), p.getFlows().getSessionTtl());
            assertEquals(50, p.getFlows().getLoopLimit());
            assertEquals(Duration.ofHours(1), p.getSessions().getCompletedRetention());
        });
    }

    @Test
    void theKeyFileEncryptsSessionValuesAtRest() throws Exception {
        runner.withPropertyValues("stepwise.store.uri=memory:", "stepwise.encryption.key-file=" + keyFile())
                .run(context -> {
                    FlowEngine engine = context.getBean(FlowEngine.class);
                    String sessionId = start(engine);
                    answerNameAndEmail(engine, sessionId);

                    byte[] raw = context.getBean(VersionedStore.class)
                            .read(SessionKeys.key(InsuranceQuote.ID, sessionId))
                            .orElseThrow()
                            .value();
                    assertFalse(
                            new String(raw, StandardCharsets.ISO_8859_1).contains("Lovelace"),
                            "the stored session is ciphertext");
                });
    }

    @Test
    void theApplicationsDataSourceIsUsedWhenNoUriIsSet() {
        SQLiteDataSource sqlite = new SQLiteDataSource();
        Path file = dir.resolve("app.db");
        sqlite.setUrl("jdbc:sqlite:" + file);
        runner.withBean(DataSource.class, () -> sqlite).run(context -> {
            assertInstanceOf(JdbcStore.class, context.getBean(VersionedStore.class));
            start(context.getBean(FlowEngine.class));
            assertTrue(Files.size(file) > 0, "the session is in the application's database");
        });
    }

    @Test
    void aStoreBeanIsUsedAsIs() {
        MemoryStore own = MemoryStore.builder().build();
        runner.withPropertyValues("stepwise.store.uri=sqlite:" + dir.resolve("unused.db"))
                .withBean(VersionedStore.class, () -> own)
                .run(context -> {
                    assertSame(own, context.getBean(VersionedStore.class));
                    String sessionId = start(context.getBean(FlowEngine.class));
                    assertTrue(own.read(SessionKeys.key(InsuranceQuote.ID, sessionId))
                            .isPresent());
                    assertFalse(Files.exists(dir.resolve("unused.db")));
                });
    }

    @Test
    void anApplicationWithoutFlowsFailsToStartSayingWhatIsMissing() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(StepwiseAutoConfiguration.class))
                .withPropertyValues("stepwise.store.uri=memory:")
                .run(context -> {
                    assertTrue(context.getStartupFailure() != null, "startup fails");
                    Throwable root = context.getStartupFailure();
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertTrue(root.getMessage().contains("define a Flow bean"), root.getMessage());
                });
    }

    @Test
    void aValueThatIsNotABooleanForReadEveryTurnFailsStartupNamingTheProperty() {
        runner.withPropertyValues("stepwise.store.uri=memory:", "stepwise.sessions.read-every-turn=maybe")
                .run(context -> {
                    assertTrue(context.getStartupFailure() != null, "startup fails");
                    StringBuilder messages = new StringBuilder();
                    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                    }
                    assertTrue(messages.toString().contains("stepwise.sessions.read-every-turn"), messages.toString());
                    assertTrue(messages.toString().contains("maybe"), messages.toString());
                });
    }

    @Test
    void withoutActuatorThereIsNoHealthIndicatorAndTheApplicationStarts() {
        runner.withConfiguration(AutoConfigurations.of(StepwiseHealthAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .withPropertyValues("stepwise.store.uri=memory:")
                .run(context -> {
                    assertTrue(context.getStartupFailure() == null, () -> String.valueOf(context.getStartupFailure()));
                    assertFalse(context.containsBean("stepwiseHealthIndicator"));
                });
        runner.withConfiguration(AutoConfigurations.of(StepwiseHealthAutoConfiguration.class))
                .withPropertyValues("stepwise.store.uri=memory:")
                .run(context -> assertTrue(context.containsBean("stepwiseHealthIndicator")));
    }

    @Test
    void everyPropertyIsDescribedInTheGeneratedMetadataForIdes() throws Exception {
        JsonNode metadata;
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Set<String> names = new java.util.TreeSet<>();
        for (JsonNode property : metadata.path("properties")) {
            names.add(property.path("name").asString());
            assertFalse(property.path("description").asString().isBlank(), property.toString());
        }
        assertEquals(
                new java.util.TreeSet<>(List.of(
                        "stepwise.store.uri",
                        "stepwise.encryption.key-file",
                        "stepwise.sessions.completed-retention",
                        "stepwise.sessions.keep-completed-state",
                        "stepwise.sessions.read-every-turn",
                        "stepwise.log.max-items",
                        "stepwise.log.max-age",
                        "stepwise.log.persist-state-changes",
                        "stepwise.flows.session-ttl",
                        "stepwise.flows.loop-limit",
                        "stepwise.resources.max-bytes",
                        "stepwise.resources.ttl",
                        "stepwise.max-attempts",
                        "stepwise.project-id",
                        "stepwise.metrics.enabled")),
                names);
    }

    @Test
    void readEveryTurnReadsTheSessionBeforeEachContinue() {
        for (boolean readEveryTurn : new boolean[] {false, true}) {
            AtomicInteger reads = new AtomicInteger();
            VersionedStore memory = MemoryStore.builder().build();
            VersionedStore counting = (VersionedStore) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {VersionedStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("read")) {
                            reads.incrementAndGet();
                        }
                        try {
                            return method.invoke(memory, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            runner.withBean(VersionedStore.class, () -> counting)
                    .withPropertyValues("stepwise.sessions.read-every-turn=" + readEveryTurn)
                    .run(context -> {
                        FlowEngine engine = context.getBean(FlowEngine.class);
                        String sessionId = start(engine);
                        int before = reads.get();
                        answerNameAndEmail(engine, sessionId);
                        assertEquals(readEveryTurn ? 1 : 0, reads.get() - before, "read-every-turn=" + readEveryTurn);
                    });
        }
    }

    /** Answers the quote's first question; the session then asks for the age. */
    private static void answerNameAndEmail(FlowEngine engine, String sessionId) {
        FlowResponse age = engine.call(
                InsuranceQuote.ID,
                Json.parse("{\"action\":\"continue\",\"stateUpdates\":"
                        + "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\"}}"),
                sessionId,
                null);
        assertEquals("interrupt", age.status(), age.toJson(true).toString());
    }

    private static String start(FlowEngine engine) {
        FlowResponse first = engine.call(InsuranceQuote.ID, Json.parse("{\"action\":\"start\"}"), null, null);
        assertEquals("interrupt", first.status(), first.toJson(true).toString());
        return first.meta().sessionId();
    }

    private Path keyFile() throws java.io.IOException {
        Path file = dir.resolve("keys.properties");
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Files.writeString(file, "k1=" + Base64.getEncoder().encodeToString(key) + "\n");
        }
        return file;
    }
}
