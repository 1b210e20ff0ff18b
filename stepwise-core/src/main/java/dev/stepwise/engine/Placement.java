package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Migration;
import java.util.Objects;
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
    private static String activeNode(SessionRecord record) {
        return Objects.requireNonNull(record.node(), "an active session has a current node");
    }

    static Placement of(FlowRegistry registry, SessionRecord record, String sessionId) {
        Flow flow = registry.version(record.flowId(), record.flowVersion());
        if (flow != null && flow.graphHash().equals(record.graphHash())) {
            return new Placement(flow, activeNode(record), record.state().deepCopy());
        }
        String version = record.flowVersion();
        String node = activeNode(record);
        ObjectNode state = record.state().deepCopy();
        boolean migrated = false;
        for (int hop = 0; hop < MAX_MIGRATION_HOPS; hop++) {
            FlowRegistry.Route route = registry.route(record.flowId(), version);
            if (route == null) {
                break;
            }
            Migration.Result moved;
            try {
                moved = Objects.requireNonNull(route.migration().migrate(node, state), "migration returned null");
            } catch (RuntimeException e) {
                throw new TurnFailure(
                        ErrorCode.FLOW_VERSION_MISMATCH,
                        ModelTexts.migrationFailed(sessionId, version, e.getMessage()));
            }
            version = route.toVersion();
            node = moved.node();
            state = moved.state();
            migrated = true;
        }
        if (migrated) {
            Flow target = Objects.requireNonNull(
                    registry.version(record.flowId(), version), "migration targets are checked at build");
            if (target.node(node) == null) {
                throw new TurnFailure(
                        ErrorCode.FLOW_VERSION_MISMATCH, ModelTexts.migrationLacksNode(sessionId, version, node));
            }
            return new Placement(target, node, state);
        }
        throw new TurnFailure(
                ErrorCode.FLOW_VERSION_MISMATCH,
                ModelTexts.versionGone(sessionId, record.flowId(), record.flowVersion(), flow != null));
    }
}
