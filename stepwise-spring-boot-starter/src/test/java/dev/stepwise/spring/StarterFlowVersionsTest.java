package dev.stepwise.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowMigration;
import dev.stepwise.json.Json;
import dev.stepwise.store.tck.GreetVersions;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Several {@link Flow} beans may hold versions of one flow; the newest is current whatever the bean
 * order, and {@link FlowMigration} beans move the sessions of a version no bean defines any more.
 * Each application below is a new deployment over the same store.
 */
class StarterFlowVersionsTest {

    @TempDir
    Path dir;

    private static Flow v1() {
        return GreetVersions.v1();
    }

    private static Flow v10() {
        return GreetVersions.v10();
    }

    private ApplicationContextRunner app() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(StepwiseAutoConfiguration.class))
                .withPropertyValues("stepwise.store.uri=sqlite:" + dir.resolve("sessions.db"));
    }

    private String sessionOnV1() {
        AtomicReference<String> session = new AtomicReference<>();
        app().withBean("greetV1", Flow.class, StarterFlowVersionsTest::v1).run(context -> {
            FlowResponse started = context.getBean(FlowEngine.class)
                    .call(
                            "greet",
                            Json.parse("{\"action\":\"start\",\"stateUpdates\":{\"name\":\"Ada\"}}"),
                            null,
                            null);
            assertEquals("age", field(started), started.toJson(true).toString());
            session.set(started.meta().sessionId());
        });
        return session.get();
    }

    private static FlowResponse answerAge(FlowEngine engine, String session) {
        return engine.call(
                "greet",
                Json.parse("{\"action\":\"continue\",\"sessionId\":\"" + session + "\",\"stateUpdates\":{\"age\":36}}"),
                null,
                null);
    }

    private static String field(FlowResponse response) {
        return response.toJson(true).path("field").asString();
    }

    @Test
    void theNewestBeanIsCurrentAndOldSessionsFinishOnTheirVersion() {
        String session = sessionOnV1();
        // the newer version's bean comes first: bean order does not decide
        app().withBean("greetV10", Flow.class, StarterFlowVersionsTest::v10)
                .withBean("greetV1", Flow.class, StarterFlowVersionsTest::v1)
                .run(context -> {
                    FlowEngine engine = context.getBean(FlowEngine.class);
                    assertEquals("10", engine.flow("greet").orElseThrow().version());
                    FlowResponse done = answerAge(engine, session);
                    assertEquals("complete", done.status(), done.toJson(true).toString());
                    assertEquals("1", done.meta().version());
                });
    }

    @Test
    void aFlowMigrationBeanMovesSessionsOfARetiredVersion() {
        String session = sessionOnV1();
        app().withBean("greetV10", Flow.class, StarterFlowVersionsTest::v10)
                .withBean("greetFrom1", FlowMigration.class, GreetVersions::migrateV1)
                .run(context -> {
                    FlowResponse next = answerAge(context.getBean(FlowEngine.class), session);
                    assertEquals("city", field(next), next.toJson(true).toString());
                    assertEquals("10", next.meta().version());
                });
    }
}
