package dev.stepwise.server;

import dev.stepwise.json.Json;
import dev.stepwise.store.crypto.KeyRing;
import dev.stepwise.store.crypto.KeyRingFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code stepwise keys generate|rotate}: key ring files for {@code --encrypt-key-file}. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create and rotate key ring files for --encrypt-key-file (see docs/operations.md).",
        subcommands = {KeysCommand.Generate.class, KeysCommand.Rotate.class})
final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = "Write a new key ring file (mode 600) holding one random AES-256 key.")
    static final class Generate implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The key ring file to create; an existing file is refused.")
        Path file;

        @Option(names = "--id", paramLabel = "KEY_ID", description = "The key's id (default: k<date>-1).")
        String keyId;

        @Option(names = "--json", description = "Print the result as a JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String id = KeyRingFile.generate(file, keyId);
            print(spec.commandLine().getOut(), json, "created", file, id, KeyRing.fromFile(file));
            return 0;
        }
    }

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = {
                "Add a new random key to a key ring file and make it current; older keys stay to decrypt.",
                "Restart servers to pick it up, then 'stepwise sessions reencrypt' to move every record to it."
            })
    static final class Rotate implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The key ring file to rotate.")
        Path file;

        @Option(names = "--id", paramLabel = "KEY_ID", description = "The new key's id (default: k<date>-N).")
        String keyId;

        @Option(names = "--json", description = "Print the result as a JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String id = KeyRingFile.rotate(file, keyId);
            print(spec.commandLine().getOut(), json, "rotated", file, id, KeyRing.fromFile(file));
            return 0;
        }
    }

    private static void print(PrintWriter out, boolean json, String what, Path file, String id, KeyRing ring) {
        if (json) {
            ObjectNode node = Json.object();
            node.put("file", file.toString());
            node.put("current", id);
            node.putPOJO("keys", ring.keyIds());
            out.println(Json.text(node));
        } else {
            out.println(what + " " + file + ": current key " + id + ", keys " + ring.keyIds());
        }
        out.flush();
    }
}
