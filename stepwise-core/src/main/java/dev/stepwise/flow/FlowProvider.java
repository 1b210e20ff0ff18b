package dev.stepwise.flow;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Supplies flows to a server that discovers them with {@link java.util.ServiceLoader}: register an
 * implementation in {@code META-INF/services/dev.stepwise.flow.FlowProvider} of a jar on the server's
 * class path (or in its {@code --flows} directory).
 *
 * <p><b>Versions.</b> A provider may list several versions of one flow. New sessions start on the
 * newest ({@link FlowVersions#ORDER}); a session started on an older version that is still listed
 * finishes on it ({@code finish-on-old}). To retire a version, stop listing it and declare a
 * {@link FlowMigration} from it in {@link #migrations()} ({@code migrate}), or
 * {@link FlowMigration#restart} ({@code restart}); a stored session of a version that is neither
 * listed nor migrated answers {@code FLOW_VERSION_MISMATCH}.
 */
public interface FlowProvider {

    /**
     * The flows to serve, possibly several versions of one flow id (never the same version twice).
     * Called once at startup.
     */
    List<Flow> flows();

    /**
     * The migrations that move sessions of versions no longer listed in {@link #flows()} onto listed
     * ones. Each target version must be listed (by this or another provider). Called once at startup.
     */
    default List<FlowMigration> migrations() {
        return List.of();
    }

    /**
     * The HTML of the display widget named by a widget node's {@code tool}; null for the server's
     * generic widget. Plain HTML that works as an MCP Apps and an OpenAI Apps SDK template.
     */
    default @Nullable String widgetHtml(String tool) {
        return null;
    }
}
