package dev.stepwise.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stepwise.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A patch merged into a state: deep for objects, replacing for the rest, sharing nothing. */
class PatchTest {

    private static ObjectNode state(String json) {
        return (ObjectNode) Json.parse(json);
    }

    @Test
    void objectsMergeMemberByMemberAndTheRestReplaces() {
        ObjectNode state = state("{\"driver\":{\"name\":\"Ada\",\"points\":3},\"tags\":[1,2],\"age\":30}");
        Patch.of("driver.points", 5)
                .with("tags", List.of(9))
                .with("age", Map.of("years", 31))
                .with("plan", "standard")
                .applyTo(state);
        assertEquals(
                state("{\"driver\":{\"name\":\"Ada\",\"points\":5},\"tags\":[9],\"age\":{\"years\":31},"
                        + "\"plan\":\"standard\"}"),
                state);
    }

    @Test
    void theStateSharesNoNodeWithThePatch() {
        Patch patch = Patch.from(Map.of("driver", Map.of("points", 5), "tags", List.of(1)));
        ObjectNode first = state("{}");
        patch.applyTo(first);
        ((ObjectNode) first.get("driver")).put("points", 99);
        first.withArray("tags").add(2);

        ObjectNode second = state("{}");
        patch.applyTo(second);
        assertEquals(state("{\"driver\":{\"points\":5},\"tags\":[1]}"), second);
        assertEquals(state("{\"driver\":{\"points\":5},\"tags\":[1]}"), patch.toJson());
    }

    @Test
    void aMissingStateIsRefusedEvenByAnEmptyPatch() {
        NullPointerException refused =
                assertThrows(NullPointerException.class, () -> Patch.empty().applyTo(null));
        assertEquals("state", refused.getMessage());
    }

    @Test
    void anEmptyPatchChangesNothing() {
        ObjectNode state = state("{\"a\":1}");
        Patch.empty().applyTo(state);
        assertEquals(state("{\"a\":1}"), state);
    }
}
