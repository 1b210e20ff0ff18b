package dev.stepwise.flow;

import java.util.List;

/** A flow definition that cannot be built, with every problem found. */
public class FlowDefinitionException extends IllegalArgumentException {

    private final List<String> problems;

    public FlowDefinitionException(String flowId, List<String> problems) {
        super("flow '" + flowId + "' is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence each. */
    public List<String> problems() {
        return problems;
    }
}
