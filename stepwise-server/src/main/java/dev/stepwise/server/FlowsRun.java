package dev.stepwise.server;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.json.Json;
import dev.stepwise.store.VersionedStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code stepwise flows run ID}: walks a hosted flow in the terminal, the person typing the answers
 * an LLM would send. Answers go in as typed text; the engine coerces them as it does for a model.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Walk a flow in the terminal: each question is printed, each line you type is the answer.",
            "Type 'quit' (or end the input) to stop; with a durable --store, run again with the same"
                    + " --session to resume."
        })
final class FlowsRun implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "The flow to walk.")
    String flowId;

    @Option(names = "--flows", paramLabel = "DIR|CLASS[,CLASS...]", description = "As for serve.")
    String flows;

    @Option(
            names = "--store",
            defaultValue = "memory:",
            paramLabel = "URI",
            description = "Where the session is kept (default: ${DEFAULT-VALUE}, forgotten on exit).")
    String store;

    @Option(names = "--session", defaultValue = "terminal", description = "The session id (default: ${DEFAULT-VALUE}).")
    String session;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where answers are read from; the terminal unless a test sets it. */
    InputStream in = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        FlowCatalog catalog = FlowCatalog.load(flows);
        catalog.flow(flowId); // names the flows when the id is unknown
        try (VersionedStore opened = StoreOpener.open(store, null)) {
            FlowEngine.Builder builder = FlowEngine.builder().store(opened);
            catalog.register(builder);
            FlowEngine engine = builder.build();
            boolean resume = engine.sessions().state(flowId, session).isPresent();
            FlowResponse response =
                    engine.call((resume ? FlowCall.of(flowId, CallAction.CONTINUE) : FlowCall.start(flowId))
                            .sessionId(session)
                            .build());
            while (true) {
                JsonNode json = response.toJson(false);
                switch (response.status()) {
                    case "complete" -> {
                        out.println("Done: " + Json.pretty(json.path("result")));
                        return 0;
                    }
                    case "error" -> {
                        out.println("Error " + json.path("code").asString() + ": "
                                + json.path("error").asString());
                        return 1;
                    }
                    default -> {
                        Map<String, String> answers = answers(out, reader, json);
                        if (answers == null) {
                            out.println();
                            out.println("Stopped at session '" + session + "'.");
                            return 0;
                        }
                        FlowCall.Builder next =
                                FlowCall.of(flowId, CallAction.CONTINUE).sessionId(session);
                        answers.forEach(next::update);
                        response = engine.call(next.build());
                    }
                }
            }
        }
    }

    /** Prints what the flow asks and reads one line per asked field; null when the person quits. */
    private static Map<String, String> answers(PrintWriter out, BufferedReader in, JsonNode json) {
        if (json.path("context").asString("").startsWith("ERROR:")) {
            out.println("  (" + json.path("context").asString() + ")");
        }
        Map<String, String> answers = new LinkedHashMap<>();
        if (json.path("status").asString().equals("widget")) {
            out.println("[" + json.path("tool").asString() + "] " + Json.text(json.path("data")));
            if (!json.hasNonNull("field")) {
                out.print("(Enter to go on) ");
                out.flush();
                return line(in) == null ? null : answers;
            }
            return prompt(
                            out,
                            in,
                            answers,
                            json.path("field").asString(),
                            json.path("description").asString(""))
                    ? answers
                    : null;
        }
        Iterable<JsonNode> questions = json.has("questions") ? json.path("questions") : List.of(json);
        for (JsonNode question : questions) {
            String text = question.path("question").asString()
                    + (question.has("suggestions") ? " " + question.path("suggestions") : "");
            if (!prompt(out, in, answers, question.path("field").asString(), text)) {
                return null;
            }
        }
        return answers;
    }

    private static boolean prompt(
            PrintWriter out, BufferedReader in, Map<String, String> answers, String field, String text) {
        out.println(text);
        out.print(field + "> ");
        out.flush();
        String line = line(in);
        if (line == null || line.strip().equals("quit")) {
            return false;
        }
        answers.put(field, line.strip());
        return true;
    }

    private static String line(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the terminal: " + e.getMessage(), e);
        }
    }
}
