package dev.stepwise.flowfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.FlowTester;
import dev.stepwise.flow.Flow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** FlowTester drives flow files: fluent expectations, a clock the test moves, user and request ids. */
class FlowTesterTest {

    private static final String FLOW = """
            id: greet
            description: Greets a person.
            sessionTtl: PT1H
            state:
              name: {type: string, minLength: 2}
              age: {type: integer, min: 0}
            nodes:
              ask_name:
                ask:
                  questions: [{field: name, text: Your name?}]
              ask_age:
                ask:
                  questions: [{field: age, text: Your age?}]
              show:
                widget: {tool: greeting_card, data: "{'name': state.name}", displayOnly: true}
            edges:
              - {from: __start__, to: ask_name}
              - {from: ask_name, to: ask_age}
              - {from: ask_age, to: show}
              - {from: show, to: __end__}
            result: {greeting: "'Hello ' + state.name", adult: state.age >= 18}
            """;

    private static Flow flow() {
        return FlowFiles.plain().parse("greet.yaml", FLOW.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void walksAFlowFileWithFluentExpectations() {
        FlowTester t = FlowTester.builder(flow()).userId("u-1").build();
        t.start(Map.of());
        t.expectQuestion("name")
                .answer(Map.of("name", "A"))
                .expectRejected("name")
                .answer(Map.of("name", "Ada"))
                .expectQuestion("age")
                .answer(Map.of("age", 36))
                .expectWidget(
                        "greeting_card",
                        data -> assertEquals("Ada", data.path("name").asString()))
                .answer(Map.of())
                .expectComplete(result -> {
                    assertEquals("Hello Ada", result.path("greeting").asString());
                    assertTrue(result.path("adult").booleanValue());
                });
    }

    @Test
    void aFailedExpectationSaysWhatCameInstead() {
        FlowTester t = FlowTester.of(flow());
        t.start(Map.of());
        AssertionError e = assertThrows(AssertionError.class, () -> t.expectQuestion("age"));
        assertTrue(e.getMessage().contains("expected a question for 'age' but got interrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("\"field\":\"name\""), e.getMessage());
        assertThrows(AssertionError.class, () -> t.expectComplete(r -> {}));
    }

    @Test
    void theClockMovesPastTheSessionTtl() {
        Instant start = Instant.parse("2031-05-01T10:00:00Z");
        FlowTester t = FlowTester.builder(flow()).startAt(start).build();
        t.start(Map.of("name", "Ada")).meta();
        t.expectQuestion("age");
        assertEquals(start, t.now());
        t.advance(Duration.ofMinutes(59)).answer(Map.of("age", 3)).expectWidget("greeting_card");
        t.advance(Duration.ofHours(2)).answer(Map.of()).expectError(ErrorCode.SESSION_NOT_FOUND);
    }

    @Test
    void aRepeatedRequestIdIsAnsweredWithoutRunningAgain() {
        AtomicInteger ids = new AtomicInteger();
        FlowTester t = FlowTester.builder(flow())
                .requestIds(() -> "req-" + ids.incrementAndGet())
                .build();
        t.start(Map.of("name", "Ada"));
        FlowResponse first = t.continueWith(Map.of("age", 40));
        FlowResponse again = t.retryLast();
        assertEquals(first.toJson(true), again.toJson(true));
        assertEquals(2, ids.get(), "a retry reuses the request id");
        t.expectWidget("greeting_card");
    }
}
