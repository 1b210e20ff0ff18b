package dev.stepwise.server;

import dev.stepwise.flow.Flow;
import dev.stepwise.flowfile.ActionRegistry;
import dev.stepwise.flowfile.FlowFileException;
import dev.stepwise.flowfile.FlowFiles;
import dev.stepwise.flowfile.WebhookSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stepwise flows validate FILE...}: the server's load checks, with exit codes for CI. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check flow files (YAML or JSON) exactly as the server loads them and print every problem as"
                    + " file:line:col: message.",
            "Exit status: 0 every file is valid, 1 a file has problems, 2 usage error (e.g. no such file)."
        })
final class FlowsValidate implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Flow files to check.")
    List<Path> files;

    @Option(
            names = "--action",
            paramLabel = "NAME",
            description = "A named Java action the server provides (repeatable). NamedActions on the class path"
                    + " are known already.")
    List<String> actions = List.of();

    @Option(
            names = "--webhook-host",
            paramLabel = "HOST",
            description = "Check webhook URLs against this allow-list (repeatable). Default: any host, since the"
                    + " allow-list is the server's setting.")
    List<String> webhookHosts = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                err.println("stepwise: " + file + ": no such file");
                return 2;
            }
        }
        ActionRegistry registry = ActionRegistry.discover();
        for (String name : actions) {
            if (registry.get(name) == null) {
                registry = registry.with(name, ctx -> {
                    throw new IllegalStateException("action '" + name + "' is a placeholder of flows validate");
                });
            }
        }
        WebhookSettings webhooks = WebhookSettings.none()
                .allowing(webhookHosts.isEmpty() ? new String[] {"*"} : webhookHosts.toArray(String[]::new));
        FlowFiles loader = FlowFiles.with(registry, webhooks);
        int invalid = 0;
        for (Path file : files) {
            try {
                Flow flow = loader.load(file);
                out.println(file + ": ok (" + flow.id() + " version " + flow.version() + ", "
                        + flow.nodes().size() + " nodes)");
            } catch (FlowFileException e) {
                invalid++;
                e.problems().forEach(err::println);
            }
        }
        if (invalid > 0) {
            err.println(invalid + " of " + files.size() + " flow files invalid");
            return 1;
        }
        return 0;
    }
}
