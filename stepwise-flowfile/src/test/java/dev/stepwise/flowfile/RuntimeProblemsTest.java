package dev.stepwise.flowfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.FlowTester;
import dev.stepwise.flow.Flow;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the problems a loaded flow file can only meet when it runs: each fails the turn with {@code
 * NODE_FAILED} and a message naming the expression's {@code file:line:col} and what to change. The
 * expression sits on line 7, column 14 (a quoted {@code set}) or, for a branch, on line 11.
 */
class RuntimeProblemsTest {

    private static Flow flow(String set, String when) {
        String yaml = """
                id: t
                description: d
                state:
                  v: {type: object, optional: true, fields: {x: {type: string, optional: true}}}
                nodes:
                  n:
                    set: {v: "%s"}
                edges:
                  - {from: __start__, to: n}
                  - from: n
                    branch: [{when: "%s", to: __end__}]
                """.formatted(set, when);
        return FlowFiles.plain().parse("f.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("{'x': 'a'}", "false", "f.yaml:11:13: no case matched; add a last case without 'when'"),
                Arguments.of(
                        "{'x': 'a'}",
                        "dyn(1) == 1 ? dyn('yes') : dyn(true)",
                        "f.yaml:11:21: computed a STRING where true or false was needed"),
                Arguments.of(
                        "{'x': 1.0 / 0.0}",
                        "true",
                        "f.yaml:7:14: the expression computed Infinity, which JSON cannot hold"),
                Arguments.of(
                        "{'x': {dyn(1): 'a'}}",
                        "true",
                        "f.yaml:7:14: the expression computed a map with a non-string key 1"),
                Arguments.of(
                        "{'x': timestamp('2020-01-01T00:00:00Z')}",
                        "true",
                        "f.yaml:7:14: the expression computed a value JSON cannot hold"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void failsTheTurnNamingThePlace(String set, String when, String message) {
        FlowResponse r = FlowTester.of(flow(set, when)).start(Map.of());
        String json = r.toJson(true).toString();
        assertEquals("error", r.status(), json);
        assertEquals("NODE_FAILED", r.toJson(true).path("code").asString(), json);
        assertTrue(r.toJson(true).path("error").asString().contains(message), json);
    }
}
