package dev.stepwise.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SessionIdsTest {

    private static final JsonNode ARGS = Json.parse("{\"action\":\"continue\",\"sessionId\":\"from-args\"}");

    @Test
    void metaKeysWinInTheContractOrder() {
        List<String> keys = List.of(
                "waniwani/sessionId",
                "openai/sessionId",
                "openai/session",
                "sessionId",
                "conversationId",
                "mcp-session-id",
                "stepwise/sessionId");
        assertEquals(keys, SessionIds.META_KEYS);
        for (int i = 0; i < keys.size(); i++) {
            Map<String, Object> meta = new HashMap<>();
            for (int j = i; j < keys.size(); j++) {
                meta.put(keys.get(j), "id-" + j);
            }
            SessionIds.Resolved resolved = SessionIds.resolve(meta, ARGS, "transport");
            assertEquals("id-" + i, resolved.id(), "with keys from " + keys.get(i));
            assertTrue(resolved.fromMeta());
        }
    }

    @Test
    void blankOrNonTextMetaValuesAreSkipped() {
        Map<String, Object> meta = new HashMap<>();
        meta.put("waniwani/sessionId", "  ");
        meta.put("openai/sessionId", Map.of("nested", true));
        meta.put("conversationId", 42);
        assertEquals(new SessionIds.Resolved("42", true), SessionIds.resolve(meta, ARGS, "transport"));
    }

    @Test
    void thenArgumentsThenTransportThenNothing() {
        assertEquals(new SessionIds.Resolved("from-args", false), SessionIds.resolve(Map.of(), ARGS, "transport"));
        assertEquals(
                new SessionIds.Resolved("transport", false),
                SessionIds.resolve(null, Json.parse("{\"sessionId\":\"\"}"), "transport"));
        // a wrongly typed argument is not replaced by the transport session: the engine refuses it
        assertEquals(
                new SessionIds.Resolved(null, false),
                SessionIds.resolve(null, Json.parse("{\"sessionId\":7}"), "transport"));
        SessionIds.Resolved none = SessionIds.resolve(null, Json.parse("{}"), null);
        assertNull(none.id());
        assertFalse(none.fromMeta());
    }
}
