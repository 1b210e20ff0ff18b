package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a stored session resumes: the flow version (and graph) it started on, or the target of
 * registered migrations. A session is never run on a graph it was not started on or migrated to.
 *
 * @param flow  the flow version to run
 * @param node  the node to resume at
 * @param state a private copy of the state to resume with
 */
record Placement(Flow flow, String node, ObjectNode state) {

    private static final int MAX_MIGRATION_HOPS = 16;

    /** The graph a stored session runs on: its own version, or a migration's target. */
    static Placement of(FlowRegistry registry, SessionRecord record, String sessionId) {
        Flow flow = registry.version(record.flowId(), record.flowVersion());
        if (flow != null && flow.graphHash().equals(record.graphHash())) {
            return new Placement(flow, record.node(), record.state().deepCopy());
        }
        String version = record.flowVersion();
        String node = record.node();
        ObjectNode state = record.state().deepCopy();
        boolean migrated = false;
        for (int hop = 0; hop < MAX_MIGRATION_HOPS; hop++) {
            FlowRegistry.Route route = registry.route(record.flowId(), version);
            if (route == null) {
                break;
            }
            Migration.Result moved;
            try {
                moved = java.util.Objects.requireNonNull(route.migration().migrate(node, state), "migration returned null");
            } catch (RuntimeException e) {
                throw new TurnFailure(ErrorCode.FLOW_VERSION_MISMATCH, "the migration of session '" + sessionId
                        + "' from version " + version + " failed: " + e.getMessage() + "; nothing was saved");
            }
            version = route.toVersion();
            node = moved.node();
            state = moved.state();
            migrated = true;
        }
        if (migrated) {
            Flow target = registry.version(record.flowId(), version);
            if (target.node(node) == null) {
                throw new TurnFailure(ErrorCode.FLOW_VERSION_MISMATCH, "the migration of session '" + sessionId
                        + "' to version " + version + " resumes at node '" + node + "', which that version lacks");
            }
            return new Placement(target, node, state);
        }
        String why = flow == null ? "which this server no longer runs" : "whose graph has changed since";
        throw new TurnFailure(ErrorCode.FLOW_VERSION_MISMATCH, "session '" + sessionId + "' was started on flow '"
                + record.flowId() + "' version " + record.flowVersion() + ", " + why + ", and no migration is"
                + " registered. Call start with restart: true to begin again.");
    }
}
