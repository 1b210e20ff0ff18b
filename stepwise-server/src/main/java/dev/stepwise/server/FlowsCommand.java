package dev.stepwise.server;

import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stepwise flows list|graph|validate|diff}. */
@Command(
        name = "flows",
        mixinStandardHelpOptions = true,
        description = "List flows, draw or walk one, check flow files, or compare two versions of a flow.",
        subcommands = {
            FlowsCommand.List.class,
            FlowsCommand.Graph.class,
            FlowsValidate.class,
            FlowsDiff.class,
            FlowsRun.class
        })
final class FlowsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the flows a server would serve.")
    static final class List implements Callable<Integer> {
        @Option(names = "--flows", paramLabel = "DIR|CLASS[,CLASS...]", description = "As for serve.")
        String flows;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-24s %-8s %-6s %s%n", "ID", "VERSION", "NODES", "TITLE");
            for (Flow flow : FlowCatalog.load(flows).flows()) {
                out.printf(
                        "%-24s %-8s %-6d %s%n",
                        flow.id(), flow.version(), flow.nodes().size(), flow.title() == null ? "" : flow.title());
            }
            return 0;
        }
    }

    /** Graph output formats. */
    enum Format {
        mermaid,
        json,
        svg
    }

    @Command(
            name = "graph",
            mixinStandardHelpOptions = true,
            description = "Print a flow's graph as Mermaid (default), JSON (nodes, edges, state schema) or SVG.")
    static final class Graph implements Callable<Integer> {
        @Option(names = "--flows", paramLabel = "DIR|CLASS[,CLASS...]", description = "As for serve.")
        String flows;

        @Option(
                names = "--format",
                defaultValue = "mermaid",
                description = "mermaid, json or svg (default: ${DEFAULT-VALUE}).")
        Format format;

        @Parameters(paramLabel = "ID")
        String flowId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Flow flow = FlowCatalog.load(flows).flow(flowId);
            String text =
                    switch (format) {
                        case mermaid -> flow.toMermaid();
                        case json -> Json.text(flow.toJson());
                        case svg -> FlowSvg.render(flow);
                    };
            spec.commandLine().getOut().println(text);
            return 0;
        }
    }
}
