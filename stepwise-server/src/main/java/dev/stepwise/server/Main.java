package dev.stepwise.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stepwise} command line: {@code serve}, {@code sessions}, {@code flows}. */
@Command(name = "stepwise", mixinStandardHelpOptions = true, version = FlowService.NAME + " " + FlowService.VERSION,
        description = "Durable conversational flows as MCP tools.",
        subcommands = {ServeCommand.class, SessionsCommand.class, FlowsCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException || e instanceof dev.stepwise.store.StoreException) {
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
