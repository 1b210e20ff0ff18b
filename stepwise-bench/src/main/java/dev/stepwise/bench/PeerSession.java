package dev.stepwise.bench;

import java.util.Map;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.GraphInput;
import org.bsc.langgraph4j.NodeOutput;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.state.AgentState;

/**
 * The workload on the LangGraph4j graph: a thread per session, one stream per turn; each turn's
 * last output must be the node before the expected interrupt (or END), which is the status check.
 */
final class PeerSession implements TurnDriver {

    /** The last node each turn must reach: the stand-ins for interrupt, interrupt, widget, complete. */
    private static final String[] LAST = {"__START__", "ask_contact", "show_plans", "__END__"};

    private final CompiledGraph<AgentState> graph;
    private final String prefix;
    private long session;
    private int step;
    private RunnableConfig config;

    PeerSession(CompiledGraph<AgentState> graph, String prefix) {
        this.graph = graph;
        this.prefix = prefix;
    }

    @Override
    public void turn() {
        GraphInput input;
        if (step == 0) {
            config = RunnableConfig.builder().threadId(prefix + "-" + session++).build();
            input = GraphInput.args(Map.of());
        } else {
            Map<String, Object> answers =
                    switch (step) {
                        case 1 -> Map.of("name", "Ada Lovelace", "email", "Ada@Example.com");
                        case 2 -> Map.of("age", "34");
                        default -> Map.of("plan", "standard");
                    };
            input = GraphInput.resume(answers);
        }
        NodeOutput<AgentState> last = null;
        for (NodeOutput<AgentState> output : graph.stream(input, config)) {
            last = output;
        }
        String node = last == null ? null : last.node();
        if (!LAST[step].equals(node)) {
            throw new IllegalStateException(
                    "LangGraph4j turn " + (step + 1) + " ended at " + node + " instead of " + LAST[step]);
        }
        step = (step + 1) % 4;
    }
}
