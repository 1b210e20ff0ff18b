package dev.stepwise.flow;

/** The code of an action node: computes a patch to state; may call services. */
@FunctionalInterface
public interface Action {

    /**
     * Runs the node's work.
     *
     * @return changes to merge into state; null is treated as {@link Patch#empty()}
     * @throws Exception to fail the call with {@code NODE_FAILED}; nothing of the call is saved
     */
    Patch run(NodeContext ctx) throws Exception;
}
