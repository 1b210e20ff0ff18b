package dev.stepwise.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Which version of a flow is current, and the declared migrations hosts register. */
class FlowVersionsTest {

    private static Flow flow(String id, String version) {
        return Flow.builder(id)
                .version(version)
                .description("d")
                .state(StateSchema.builder().string("a", "A").build())
                .ask("ask_a", x -> x.question("a", "A?"))
                .edge(Flow.START, "ask_a")
                .edge("ask_a", Flow.END)
                .build();
    }

    @Test
    void versionsCompareNaturally() {
        assertTrue(FlowVersions.ORDER.compare("2", "10") < 0);
        assertTrue(FlowVersions.ORDER.compare("1.9", "1.10") < 0);
        assertTrue(FlowVersions.ORDER.compare("1.0", "1.0.1") < 0);
        assertTrue(FlowVersions.ORDER.compare("2024-05", "2024-11") < 0);
        assertTrue(FlowVersions.ORDER.compare("v2", "v10") < 0);
        assertTrue(FlowVersions.ORDER.compare("01", "1") != 0, "consistent with equals");
        assertEquals(0, FlowVersions.ORDER.compare("3", "3"));
    }

    @Test
    void servingOrderKeepsIdsInTheirFirstOrderAndPutsTheNewestVersionOfEachLast() {
        List<Flow> ordered = FlowVersions.servingOrder(
                List.of(flow("b", "10"), flow("a", "2"), flow("b", "9"), flow("a", "1"), flow("b", "9.1")));
        assertEquals(
                List.of("b@9", "b@9.1", "b@10", "a@1", "a@2"),
                ordered.stream().map(f -> f.id() + "@" + f.version()).toList());
    }

    @Test
    void restartSendsSessionsToTheFirstNodeWithAnEmptyState() {
        FlowMigration restart = FlowMigration.restart("1", flow("f", "2"));
        assertEquals("f", restart.flowId());
        assertEquals("2", restart.to());
        ObjectNode old = Json.object().put("a", "kept?");
        Migration.Result result = restart.migration().migrate("somewhere", old);
        assertEquals("ask_a", result.node());
        assertEquals(Json.object(), result.state());
    }

    @Test
    void restartNeedsAPlainFirstEdge() {
        Flow routed = Flow.builder("f")
                .version("2")
                .description("d")
                .state(StateSchema.builder().string("a", "A").build())
                .ask("ask_a", x -> x.question("a", "A?"))
                .branch(Flow.START, List.of("ask_a"), ctx -> "ask_a")
                .edge("ask_a", Flow.END)
                .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FlowMigration.restart("1", routed));
        assertTrue(e.getMessage().contains("no plain first edge"), e.getMessage());
    }

    @Test
    void aMigrationToItsOwnVersionIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new FlowMigration("f", "2", "2", (node, state) -> new Migration.Result(node, state)));
        assertTrue(e.getMessage().contains("from version 2 to itself"), e.getMessage());
    }
}
