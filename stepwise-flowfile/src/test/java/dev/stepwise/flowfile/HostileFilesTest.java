package dev.stepwise.flowfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.FlowTester;
import dev.stepwise.flow.Flow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what the loader does with hostile files, beyond {@link FlowFileErrorsTest}: oversized input
 * through every entry point, nesting far past the limit in every syntax, billion laughs in block
 * style, and CEL that would build huge values (string amplification, state doubling in a loop).
 * Each is refused with a clear problem or fails its turn with a clear message; none may hang or
 * exhaust memory. Time limits are hang guards only.
 */
class HostileFilesTest {

    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final int TEN_MB = 10 * 1024 * 1024;

    private static FlowFileException refused(String name, String text) {
        return assertTimeoutPreemptively(
                GUARD,
                () -> assertThrows(FlowFileException.class, () -> FlowFiles.plain()
                        .parse(name, text.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void tenMegabytesAreRefusedThroughAStreamWithoutReadingThemAll() throws Exception {
        byte[] big = new byte[TEN_MB];
        Arrays.fill(big, (byte) '#');
        InputStream in = new ByteArrayInputStream(big);
        FlowFileException e =
                assertThrows(FlowFileException.class, () -> FlowFiles.plain().load("big.yaml", in));
        assertEquals("FLOW_FILE_TOO_LARGE", e.code());
        assertTrue(
                e.getMessage().startsWith("big.yaml: is 1048577 bytes; flow files are limited to 1048576"),
                e.getMessage());
        assertEquals(TEN_MB - Source.MAX_BYTES - 1, in.available(), "reads one byte past the limit, no more");
    }

    @Test
    void tenMegabytesAreRefusedFromAPathBeforeReading(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.json");
        Files.write(file, new byte[TEN_MB]);
        FlowFileException e =
                assertThrows(FlowFileException.class, () -> FlowFiles.plain().load(file));
        assertEquals("FLOW_FILE_TOO_LARGE", e.code());
        assertTrue(e.getMessage().contains(": is 10485760 bytes; flow files are limited to"), e.getMessage());
    }

    @Test
    void aMissingFileIsUnreadableNotACrash(@TempDir Path dir) {
        FlowFileException e =
                assertThrows(FlowFileException.class, () -> FlowFiles.plain().load(dir.resolve("no.yaml")));
        assertEquals("FLOW_FILE_UNREADABLE", e.code());
        assertTrue(e.getMessage().contains("no.yaml: cannot be read"), e.getMessage());
    }

    @Test
    void nestingFarPastTheLimitIsRefusedInEverySyntax() {
        int n = 100_000;
        String flowYaml = "id: " + "[".repeat(n) + "]".repeat(n);
        String json = "{\"id\": " + "[".repeat(n) + "]".repeat(n) + "}";
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            block.append("  ".repeat(i)).append("a:\n");
        }
        for (Map.Entry<String, String> c : Map.of("f.yaml", flowYaml, "f.json", json, "b.yaml", block.toString())
                .entrySet()) {
            FlowFileException e = refused(c.getKey(), c.getValue());
            assertTrue(e.getMessage().contains("nests deeper than 32 levels"), e.getMessage());
        }
    }

    @Test
    void billionLaughsInBlockStyleAreRefusedAtTheFirstAnchor() {
        StringBuilder yaml = new StringBuilder("lol0: &l0 {a: lol}\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("lol").append(i).append(": &l").append(i).append('\n');
            for (int j = 0; j < 10; j++) {
                yaml.append("  k").append(j).append(": *l").append(i - 1).append('\n');
            }
        }
        FlowFileException e = refused("f.yaml", yaml.toString());
        assertTrue(e.getMessage().startsWith("f.yaml:1:7: uses a YAML anchor or alias"), e.getMessage());
    }

    /** A one-node flow whose node sets {@code s} to {@code expression}, looping while {@code again}. */
    private static Flow setting(String expression, String again) {
        String yaml = """
                id: t
                description: d
                loopLimit: 20
                state:
                  s: {type: string, optional: true}
                nodes:
                  n:
                    set: {s: "%s"}
                edges:
                  - {from: __start__, to: n}
                  - from: n
                    branch:
                      - {when: "%s", to: n}
                      - {to: __end__}
                """.formatted(expression, again);
        return FlowFiles.plain().parse("f.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(Supplier<FlowResponse> run) {
        FlowResponse r = assertTimeoutPreemptively(GUARD, run::get);
        String json = r.toJson(true).toString();
        assertEquals("error", r.status(), json);
        return json;
    }

    @Test
    void chainedReplaceCannotAmplifyAString() {
        // each replace multiplies the length by 10: seven give 10 million characters from 190
        Flow flow = setting("'x'" + ".replace('x', 'xxxxxxxxxx')".repeat(7), "false");
        String json = failure(() -> FlowTester.of(flow).start(Map.of()));
        assertTrue(json.contains("at most " + Expressions.MAX_VALUE_CHARS + " characters"), json);
        assertTrue(json.contains("f.yaml:8:14"), json);
    }

    @Test
    void aValueCannotDoubleEachTurnOfALoop() {
        // 20 turns would make 10 million characters; the value limit stops it first
        Flow flow = setting("has(state.s) ? state.s + state.s : 'xxxxxxxxxx'", "true");
        String json = failure(() -> FlowTester.of(flow).start(Map.of()));
        assertTrue(json.contains("at most " + Expressions.MAX_VALUE_CHARS + " characters"), json);
    }

    @Test
    void aModestReplaceStillWorks() {
        Flow flow = setting("'a-b-c'.replace('-', '+')", "false");
        FlowResponse r = FlowTester.of(flow).start(Map.of());
        assertEquals("complete", r.status(), r.toJson(true).toString());
        assertEquals(
                "a+b+c",
                r.toJson(true).path("result").path("s").asString(),
                r.toJson(true).toString());
        Flow limited = setting("'a-b-c-d'.replace('-', '+', 2)", "false");
        assertEquals(
                "a+b+c-d",
                FlowTester.of(limited)
                        .start(Map.of())
                        .toJson(true)
                        .path("result")
                        .path("s")
                        .asString());
    }
}
