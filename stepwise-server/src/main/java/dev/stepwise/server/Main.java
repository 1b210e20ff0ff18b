package dev.stepwise.server;

import dev.stepwise.flowfile.FlowFileException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stepwise} command line: {@code serve}, {@code sessions}, {@code flows}. */
@Command(
        name = "stepwise",
        mixinStandardHelpOptions = true,
        version = FlowService.NAME + " " + FlowService.VERSION,
        description = "Durable conversational flows as MCP tools.",
        subcommands = {ServeCommand.class, SessionsCommand.class, FlowsCommand.class, KeysCommand.class},
        footer = {
            "",
            "The ./stepwise launcher script also runs the benchmarks:",
            "  ./stepwise bench [--quick]   stores, engine and MCP round trips",
            "                               (see docs/benchmarks.md)"
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException
                    || e instanceof UnsupportedOperationException
                    || e instanceof UncheckedIOException
                    || e instanceof dev.stepwise.store.StoreException
                    || e instanceof FlowFileException) {
                commandLine.getErr().println("stepwise: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
