package dev.stepwise.server;

import dev.stepwise.flow.Flow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stepwise flows list|graph ID}. */
@Command(
        name = "flows",
        mixinStandardHelpOptions = true,
        description = "List flows or print one as a Mermaid graph.",
        subcommands = {FlowsCommand.List.class, FlowsCommand.Graph.class})
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

    @Command(name = "graph", mixinStandardHelpOptions = true, description = "Print a flow's graph as Mermaid.")
    static final class Graph implements Callable<Integer> {
        @Option(names = "--flows", paramLabel = "DIR|CLASS[,CLASS...]", description = "As for serve.")
        String flows;

        @Parameters(paramLabel = "ID")
        String flowId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine()
                    .getOut()
                    .println(FlowCatalog.load(flows).flow(flowId).toMermaid());
            return 0;
        }
    }
}
