package dev.stepwise.flowfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Patch;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One refused flow file of the error-message tests: its text, the {@code line:col} the problem
 * must name and a fragment of the message a user acts on.
 *
 * @param name     what the case shows (the test's display name)
 * @param file     the file name (decides YAML or JSON)
 * @param text     the whole flow file
 * @param at       the expected {@code line:col}
 * @param fragment a part of the expected message
 */
record ProblemCase(String name, String file, String text, String at, String fragment) {

    /** The loader of every case: one named action ({@code price}) and one webhook host ({@code crm.internal}). */
    static final FlowFiles LOADER = FlowFiles.with(
            ActionRegistry.empty().with("price", ctx -> Patch.empty()),
            WebhookSettings.none().allowing("crm.internal"));

    /**
     * The smallest valid flow of the cases (12 lines): {@code ask_age}-like node {@code a} asks
     * {@code age} (line 9), then the two edges (lines 11 and 12).
     */
    static final String BASE = """
            id: t
            description: d
            state:
              age: {type: integer}
            nodes:
              a:
                ask:
                  questions:
                    - {field: age, text: Age?}
            edges:
              - {from: __start__, to: a}
              - {from: a, to: __end__}
            """;

    static ProblemCase yaml(String name, String text, String at, String fragment) {
        return new ProblemCase(name, "f.yaml", text, at, fragment);
    }

    static ProblemCase json(String name, String text, String at, String fragment) {
        return new ProblemCase(name, "f.json", text, at, fragment);
    }

    /** Loads the file; it must be refused with a problem carrying the fragment at the expected place. */
    void check() {
        FlowFileException e = assertThrows(
                FlowFileException.class, () -> LOADER.read(file, text.getBytes(StandardCharsets.UTF_8)), name);
        assertEquals("FLOW_FILE_INVALID", e.code(), e.getMessage());
        List<Problem> matching = e.problems().stream()
                .filter(p -> p.message().contains(fragment))
                .toList();
        assertFalse(matching.isEmpty(), () -> "no problem says '" + fragment + "':\n" + e.getMessage());
        Problem p = matching.get(0);
        assertEquals(at, p.line() + ":" + p.column(), () -> "wrong place for '" + fragment + "':\n" + e.getMessage());
        assertTrue(p.toString().startsWith(at.equals("0:0") ? file + ": " : file + ":" + at + ": "), p.toString());
        for (Problem each : e.problems()) {
            assertFalse(each.message().contains("\n"), () -> "a message spans lines: " + each);
            assertFalse(each.message().contains("Exception"), () -> "an exception leaks: " + each);
            assertFalse(each.message().matches(".*\\b[A-Z]{2,}_[A-Z_]+\\b.*"), () -> "a token name leaks: " + each);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
