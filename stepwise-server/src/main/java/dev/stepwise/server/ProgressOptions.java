package dev.stepwise.server;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * How the long-running session commands (export, import, purge, reencrypt) report progress: a bar
 * on a terminal, a line every {@code --progress-every} records otherwise, JSON objects with
 * {@code --json}.
 */
final class ProgressOptions {

    @Option(
            names = "--progress-every",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Records between progress lines when stderr is not a terminal (default: ${DEFAULT-VALUE}).")
    long every;

    @Option(names = "--json", description = "Progress lines and the result as JSON objects.")
    boolean json;

    /** Progress for one pass named {@code task}, written to {@code err}. */
    Progress open(PrintWriter err, String task) {
        return Progress.open(err, task, every, json);
    }
}
