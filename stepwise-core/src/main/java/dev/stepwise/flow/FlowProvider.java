package dev.stepwise.flow;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Supplies flows to a server that discovers them with {@link java.util.ServiceLoader}: register an
 * implementation in {@code META-INF/services/dev.stepwise.flow.FlowProvider} of a jar on the server's
 * class path (or in its {@code --flows} directory).
 */
public interface FlowProvider {

    /** The flows to serve; each flow id once. Called once at startup. */
    List<Flow> flows();

    /**
     * The HTML of the display widget named by a widget node's {@code tool}; null for the server's
     * generic widget. Plain HTML that works as an MCP Apps and an OpenAI Apps SDK template.
     */
    default @Nullable String widgetHtml(String tool) {
        return null;
    }
}
