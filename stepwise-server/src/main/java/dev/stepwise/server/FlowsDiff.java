package dev.stepwise.server;

import dev.stepwise.engine.SessionPage;
import dev.stepwise.engine.SessionQuery;
import dev.stepwise.engine.SessionStatus;
import dev.stepwise.engine.SessionSummary;
import dev.stepwise.engine.Sessions;
import dev.stepwise.flow.Flow;
import dev.stepwise.flowfile.ActionRegistry;
import dev.stepwise.flowfile.FlowFiles;
import dev.stepwise.flowfile.WebhookSettings;
import dev.stepwise.store.VersionedStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code stepwise flows diff A B}: what changed between two versions of a flow, and whom it touches. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Show what changed between two versions of a flow (flow files): nodes, state fields and edges.",
            "With --store, also count the live sessions of A's version by the node they wait at: the"
                    + " sessions a migration to B would touch."
        })
final class FlowsDiff implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "The old version's flow file.")
    Path older;

    @Parameters(index = "1", paramLabel = "B", description = "The new version's flow file.")
    Path newer;

    @Option(names = "--store", paramLabel = "URI", description = "A store to count A's live sessions in.")
    String store;

    @Option(names = "--key-file", paramLabel = "FILE", description = "The key file of an encrypted store.")
    Path keyFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        FlowFiles loader =
                FlowFiles.with(ActionRegistry.discover(), WebhookSettings.none().allowing("*"));
        Flow a = loader.load(older);
        Flow b = loader.load(newer);
        if (!a.id().equals(b.id())) {
            throw new IllegalArgumentException(
                    "A is flow '" + a.id() + "' and B is flow '" + b.id() + "': diff compares versions of one flow");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("flow " + a.id() + ": version " + a.version() + " -> " + b.version()
                + (a.graphHash().equals(b.graphHash()) ? " (same graph: sessions fit both)" : ""));
        Map<String, String> nodesA = nodes(a);
        Map<String, String> nodesB = nodes(b);
        Set<String> changedNodes = new LinkedHashSet<>();
        section(out, "nodes", nodesA, nodesB, changedNodes);
        section(out, "fields", fields(a), fields(b), new LinkedHashSet<>());
        Map<String, String> edgesA = edges(a);
        Map<String, String> edgesB = edges(b);
        section(out, "edges", edgesA, edgesB, new LinkedHashSet<>());
        if (store != null) {
            sessions(out, a, changedNodes);
        }
        return 0;
    }

    private void sessions(PrintWriter out, Flow a, Set<String> changedNodes) {
        Map<String, Integer> byNode = new TreeMap<>();
        try (VersionedStore opened = StoreOpener.openExisting(store, keyFile)) {
            Sessions sessions = Sessions.of(opened);
            SessionQuery query = SessionQuery.all(500).flow(a.id()).status(SessionStatus.ACTIVE);
            SessionPage page;
            do {
                page = sessions.list(query);
                for (SessionSummary session : page.sessions()) {
                    if (session.flowVersion().equals(a.version()) && session.node() != null) {
                        byNode.merge(session.node(), 1, Integer::sum);
                    }
                }
                query = query.after(page);
            } while (page.hasMore());
        }
        int total = byNode.values().stream().mapToInt(Integer::intValue).sum();
        out.println("live sessions on version " + a.version() + ": " + total);
        byNode.forEach((node, count) -> out.printf(
                "  %-24s %6d%s%n",
                node,
                count,
                changedNodes.contains(node) ? "  (node changed or removed: a migration must place these)" : ""));
    }

    private static void section(
            PrintWriter out, String title, Map<String, String> a, Map<String, String> b, Set<String> changed) {
        out.println(title + ":");
        int lines = 0;
        for (Map.Entry<String, String> e : a.entrySet()) {
            String after = b.get(e.getKey());
            if (after == null) {
                out.println("  - " + e.getKey() + "  " + e.getValue());
                changed.add(e.getKey());
                lines++;
            } else if (!after.equals(e.getValue())) {
                out.println("  ~ " + e.getKey() + "  " + e.getValue() + " -> " + after);
                changed.add(e.getKey());
                lines++;
            }
        }
        for (Map.Entry<String, String> e : b.entrySet()) {
            if (!a.containsKey(e.getKey())) {
                out.println("  + " + e.getKey() + "  " + e.getValue());
                lines++;
            }
        }
        if (lines == 0) {
            out.println("  (unchanged)");
        }
    }

    private static Map<String, String> nodes(Flow flow) {
        Map<String, String> nodes = new LinkedHashMap<>();
        for (JsonNode node : flow.toJson().path("nodes")) {
            JsonNode copy = node.deepCopy();
            ((ObjectNode) copy).remove("id");
            nodes.put(node.path("id").asString(), copy.toString());
        }
        return nodes;
    }

    private static Map<String, String> fields(Flow flow) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode properties = flow.toJson().path("state").path("properties");
        for (String name : properties.propertyNames()) {
            JsonNode spec = properties.get(name).deepCopy();
            if (spec instanceof ObjectNode object) {
                object.remove("description");
            }
            fields.put(name, spec.toString());
        }
        return fields;
    }

    private static Map<String, String> edges(Flow flow) {
        Map<String, String> edges = new LinkedHashMap<>();
        for (JsonNode edge : flow.toJson().path("edges")) {
            String to = edge.path("to").isArray()
                    ? edge.path("to").toString()
                    : edge.path("to").asString();
            edges.put(
                    edge.path("from").asString() + " -> " + to,
                    edge.path("type").asString());
        }
        return edges;
    }
}
