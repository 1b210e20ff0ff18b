package dev.stepwise.examples;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.json.Json;
import dev.stepwise.store.file.FileStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * Walks a person through the {@code insurance_quote} flow in the terminal, playing the part an LLM
 * host plays over MCP. State lives in a file store, so quitting (Ctrl-D or "quit") and running it
 * again resumes at the same question.
 *
 * <p>Usage: {@code TerminalWalkthrough [directory]} (default {@code .stepwise/walkthrough}).
 */
public final class TerminalWalkthrough {

    private static final String SESSION = "terminal";

    private TerminalWalkthrough() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".stepwise/walkthrough");
        PrintStream out = System.out;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (FileStore store = FileStore.builder(dir).build()) {
            FlowEngine engine = FlowEngine.builder()
                    .store(store)
                    .register(InsuranceQuote.flow())
                    .build();
            out.println("Stepwise walk-through of " + InsuranceQuote.ID + " (state in " + dir.toAbsolutePath() + ")");
            FlowResponse response = engine.call(
                    FlowCall.start(InsuranceQuote.ID).sessionId(SESSION).build());
            while (true) {
                JsonNode json = response.toJson(false);
                switch (response.status()) {
                    case "complete" -> {
                        out.println("Done: " + Json.pretty(json.get("result")));
                        return;
                    }
                    case "error" -> {
                        out.println("Error " + json.get("code").asString() + ": "
                                + json.get("error").asString());
                        return;
                    }
                    default -> {
                        String field = ask(out, json);
                        out.print("> ");
                        out.flush();
                        String line = in.readLine();
                        if (line == null || line.equals("quit")) {
                            out.println("\nSaved. Run again to resume.");
                            return;
                        }
                        response = engine.call(FlowCall.of(InsuranceQuote.ID, CallAction.CONTINUE)
                                .sessionId(SESSION)
                                .update(field, line.trim())
                                .build());
                    }
                }
            }
        }
    }

    /** Prints what the flow asks and returns the field the next line answers. */
    private static String ask(PrintStream out, JsonNode json) {
        if (json.has("context") && json.get("context").asString().startsWith("ERROR:")) {
            out.println("  (" + json.get("context").asString() + ")");
        }
        if (json.get("status").asString().equals("widget")) {
            out.println("Pick a plan " + json.get("data").get("plans") + " — type basic, standard or premium");
            return json.get("field").asString();
        }
        JsonNode first = json.has("questions") ? json.get("questions").get(0) : json;
        out.println(
                first.get("question").asString() + (first.has("suggestions") ? " " + first.get("suggestions") : ""));
        return first.get("field").asString();
    }
}
