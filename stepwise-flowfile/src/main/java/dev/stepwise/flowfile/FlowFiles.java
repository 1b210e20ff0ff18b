package dev.stepwise.flowfile;

import dev.stepwise.flow.Flow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads flows from flow files (YAML or JSON, one format; see {@code docs/flowfiles.md} and the
 * JSON Schema {@code flowfile.schema.json} beside this class). A loaded flow is an ordinary
 * {@link Flow} built through the public DSL: the engine and the MCP layer cannot tell it from a
 * Java flow.
 *
 * <pre>{@code
 * FlowFiles files = FlowFiles.with(ActionRegistry.discover(), WebhookSettings.none().allowing("crm.internal"));
 * Flow flow = files.load(Path.of("flows/quote.yaml"));
 * }</pre>
 *
 * Every check runs at load: unknown keys, dangling edges, undeclared fields, CEL syntax and type
 * errors, unregistered actions, webhook hosts outside the allow-list. A file with problems is
 * refused with a {@link FlowFileException} listing all of them as {@code file:line:col: message}.
 */
public final class FlowFiles {

    private final ActionRegistry actions;
    private final WebhookSettings webhooks;

    private FlowFiles(ActionRegistry actions, WebhookSettings webhooks) {
        this.actions = actions;
        this.webhooks = webhooks;
    }

    /** A loader resolving named actions from {@code actions} and allowing webhooks per {@code webhooks}. */
    public static FlowFiles with(ActionRegistry actions, WebhookSettings webhooks) {
        return new FlowFiles(actions, webhooks);
    }

    /** A loader with no named actions and no webhook host allowed. */
    public static FlowFiles plain() {
        return new FlowFiles(ActionRegistry.empty(), WebhookSettings.none());
    }

    /**
     * Loads a flow file; JSON if its name ends in {@code .json}, YAML otherwise.
     *
     * @throws FlowFileException with every problem found
     */
    public Flow load(Path file) {
        return read(file).flow();
    }

    /**
     * Loads a flow file with its versioning policy; JSON if its name ends in {@code .json}, YAML
     * otherwise.
     *
     * @throws FlowFileException with every problem found
     */
    public FlowFile read(Path file) {
        String name = file.toString();
        try {
            long size = Files.size(file);
            if (size > Source.MAX_BYTES) {
                throw FlowFileException.of(
                        "FLOW_FILE_TOO_LARGE",
                        new Problem(
                                name,
                                0,
                                0,
                                "is " + size + " bytes; flow files are limited to " + Source.MAX_BYTES
                                        + " bytes (1 MiB): split the flow or move data out of it"));
            }
            return read(name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw FlowFileException.of(
                    "FLOW_FILE_UNREADABLE", new Problem(name, 0, 0, "cannot be read: " + e.getMessage()));
        }
    }

    /** Loads a flow file from a stream (at most 1 MiB is read); {@code name} decides the format and names errors. */
    public Flow load(String name, InputStream in) {
        try {
            byte[] content = in.readNBytes(Source.MAX_BYTES + 1);
            return parse(name, content);
        } catch (IOException e) {
            throw FlowFileException.of(
                    "FLOW_FILE_UNREADABLE", new Problem(name, 0, 0, "cannot be read: " + e.getMessage()));
        }
    }

    /** Loads a flow from file content; {@code name} decides the format and names errors. */
    public Flow parse(String name, byte[] content) {
        return read(name, content).flow();
    }

    /** Loads a flow with its versioning policy from file content; {@code name} decides the format and names errors. */
    public FlowFile read(String name, byte[] content) {
        return new FlowFileReader(Source.read(name, content), actions, webhooks).read();
    }
}
