package dev.stepwise.bench;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncNodeAction.node_async;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bsc.langgraph4j.CompileConfig;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.checkpoint.BaseCheckpointSaver;
import org.bsc.langgraph4j.state.AgentState;

/**
 * The workload's graph in LangGraph4j: the same five nodes doing the same work (email check and
 * normalisation, age coercion and band, premium, the plan picker's data, the quote id), one
 * interrupt per turn: before {@code ask_contact} (start), before {@code ask_age} (after the
 * contact answers), before {@code finalize} (after the plans are shown), then to END. Answers are
 * given as resume values ({@code GraphInput.resume(Map)}), the library's resume API. Completed
 * threads are released ({@code releaseThread(true)}), as Stepwise deletes completed state.
 */
final class PeerGraph {

    private PeerGraph() {}

    static CompiledGraph<AgentState> compile(BaseCheckpointSaver saver) {
        try {
            StateGraph<AgentState> graph = new StateGraph<>(AgentState::new)
                    .addNode("ask_contact", node_async(state -> {
                        String email = state.<String>value("email")
                                .orElseThrow()
                                .trim()
                                .toLowerCase(Locale.ROOT);
                        if (email.endsWith("@example.invalid")) {
                            throw new IllegalArgumentException("that email domain cannot receive mail");
                        }
                        return Map.of("email", email);
                    }))
                    .addNode("ask_age", node_async(state -> {
                        int age = Integer.parseInt(
                                String.valueOf(state.value("age").orElseThrow()));
                        if (age < 18) {
                            throw new IllegalArgumentException("the main driver must be at least 18");
                        }
                        String band = age < 26 ? "young" : age < 66 ? "adult" : "senior";
                        return Map.of("age", age, "ageBand", band);
                    }))
                    .addNode("compute_quote", node_async(state -> {
                        String band = state.<String>value("ageBand").orElse("");
                        double factor = "young".equals(band) ? 1.6 : "senior".equals(band) ? 1.3 : 1.0;
                        return Map.of("premium", Math.round(35 * factor * 100) / 100.0);
                    }))
                    .addNode("show_plans", node_async(state -> {
                        double standard = state.<Double>value("premium").orElseThrow();
                        return Map.of(
                                "plans",
                                List.of(
                                        Map.of("id", "basic", "monthly", Math.round(standard * 70) / 100.0),
                                        Map.of("id", "standard", "monthly", standard),
                                        Map.of("id", "premium", "monthly", Math.round(standard * 160) / 100.0)));
                    }))
                    .addNode(
                            "finalize",
                            node_async(state -> Map.of(
                                    "quoteId",
                                    "Q-"
                                            + Integer.toHexString(state.<String>value("email")
                                                            .orElseThrow()
                                                            .hashCode())
                                                    .toUpperCase(Locale.ROOT))))
                    .addEdge(START, "ask_contact")
                    .addEdge("ask_contact", "ask_age")
                    .addEdge("ask_age", "compute_quote")
                    .addEdge("compute_quote", "show_plans")
                    .addEdge("show_plans", "finalize")
                    .addEdge("finalize", END);
            return graph.compile(CompileConfig.builder()
                    .checkpointSaver(saver)
                    .interruptBefore("ask_contact", "ask_age", "finalize")
                    .releaseThread(true)
                    .build());
        } catch (GraphStateException e) {
            throw new IllegalStateException("cannot build the LangGraph4j graph: " + e.getMessage(), e);
        }
    }
}
