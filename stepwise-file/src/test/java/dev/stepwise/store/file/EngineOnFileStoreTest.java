package dev.stepwise.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.StateSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine over the file store: hostile session ids stay inside the store directory. */
class EngineOnFileStoreTest {

    @TempDir
    Path root;

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /** Asks for a name and an email in one step: a start giving only the name is interrupted. */
    private static Flow contact() {
        return Flow.builder("quote")
                .description("Contact")
                .state(StateSchema.builder()
                        .string("name", "Full name")
                        .string("email", "Email", f -> f.format("email"))
                        .build())
                .ask("ask_contact", a -> a.question("name", "Name?").question("email", "Email?"))
                .edge(Flow.START, "ask_contact")
                .edge("ask_contact", Flow.END)
                .build();
    }

    @Test
    void aPathTraversalSessionIdCannotCreateAFileOutsideTheStoreDirectory() throws IOException {
        Path dir = Files.createDirectories(root.resolve("store"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        try (FileStore store = FileStore.builder(dir).build()) {
            FlowEngine engine =
                    FlowEngine.builder().store(store).register(contact()).build();
            for (String id : List.of(
                    "../outside/pwned",
                    "../../outside/pwned",
                    "/etc/passwd",
                    "..\\..\\outside\\x",
                    "CON",
                    "nul.json",
                    "a/../../b",
                    "%2e%2e%2fx",
                    ".",
                    "..")) {
                FlowResponse r = engine.call(FlowCall.start("quote")
                        .sessionId(id)
                        .update("name", "Ada")
                        .build());
                assertEquals("interrupt", r.status(), id + ": " + r.toJson(true));
                assertEquals(
                        "Ada",
                        engine.sessions().state("quote", id).orElseThrow().getString("name"),
                        id);
            }
        }
        assertEquals(List.of(), filesUnder(outside));
        try (Stream<Path> top = Files.list(root)) {
            assertEquals(
                    List.of("outside", "store"),
                    top.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (Path file : filesUnder(dir)) {
            assertTrue(file.normalize().startsWith(dir), file.toString());
        }
    }
}
