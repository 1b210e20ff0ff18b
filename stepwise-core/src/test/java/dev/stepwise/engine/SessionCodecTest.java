package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stepwise.json.Json;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.StoreKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The stored form of a session record: its exact bytes, and a lossless round trip. */
class SessionCodecTest {

    private static final StoreKey KEY = StoreKey.session("f:s");

    @Test
    void writesTheDocumentedFormatFieldForField() {
        SessionRecord record = record(Json.object(), Json.mapper().createArrayNode(), Json.object(), null, null);
        assertEquals(
                "{\"format\":1,\"flowId\":\"f\",\"flowVersion\":\"2\",\"graphHash\":\"abc\",\"runId\":\"r\","
                        + "\"status\":\"active\",\"node\":\"ask\",\"state\":{},\"once\":{},\"answers\":{},"
                        + "\"createdAt\":\"2026-12-06T01:02:03.004Z\",\"itemSeq\":7,\"turns\":3}",
                new String(SessionCodec.encode(record), StandardCharsets.UTF_8));
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        ObjectNode state = Json.object();
        state.put("name", "Ada \"the\" Countess\n\u00e9\u20ac\uD83D\uDE00");
        state.put("premium", 12.5);
        state.put("big", new BigDecimal("1e400"));
        state.put("count", 3_000_000_000L);
        state.putArray("tags").add(1).add(true).addNull();
        ArrayNode outbox = Json.mapper().createArrayNode();
        outbox.addObject().put("scope", "user");
        ObjectNode claims = Json.object();
        claims.putObject("request:r1").put("owner", "o");
        SessionRecord record = record(state, outbox, claims, "quote me", "u-1");
        byte[] bytes = SessionCodec.encode(record);
        SessionRecord back = SessionCodec.decode(KEY, bytes);
        assertEquals(record, back);
        assertEquals(
                new String(Json.bytes(Json.parse(bytes)), StandardCharsets.UTF_8),
                new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void eachRecordCarriesItsOwnFlowEvenWhereFlowsShareAGraph() {
        // flows with the same graph share its hash; ids and versions that JSON must escape
        String[][] flows = {
            {"f", "2"}, {"g", "2"}, {"f", "3"}, {"q\"uote\\d", "1"}, {"\u00e9t\u00e9\uD83D\uDE00", "v\u0001"}
        };
        for (int round = 0; round < 2; round++) {
            for (String[] flow : flows) {
                SessionRecord record = withFlow(flow[0], flow[1], "shared-hash");
                byte[] bytes = SessionCodec.encode(record);
                assertEquals(record, SessionCodec.decode(KEY, bytes), new String(bytes, StandardCharsets.UTF_8));
                assertEquals(
                        new String(Json.bytes(Json.parse(bytes)), StandardCharsets.UTF_8),
                        new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void refusesAnUnknownFormatNamingIt() {
        CorruptRecordException e = assertThrows(
                CorruptRecordException.class,
                () -> SessionCodec.decode(KEY, "{\"format\":9}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("unknown record format 9 (this engine reads 1)", e.reason());
    }

    private static SessionRecord record(
            ObjectNode state, ArrayNode outbox, ObjectNode claims, String intent, String userId) {
        return new SessionRecord(
                "f",
                "2",
                "abc",
                "r",
                SessionStatus.ACTIVE,
                "ask",
                state,
                Json.object(),
                Json.object(),
                intent,
                userId,
                Instant.parse("2026-12-06T01:02:03.004Z"),
                7,
                3,
                outbox,
                claims);
    }

    private static SessionRecord withFlow(String flowId, String flowVersion, String graphHash) {
        SessionRecord r = record(Json.object(), Json.mapper().createArrayNode(), Json.object(), null, null);
        return new SessionRecord(
                flowId,
                flowVersion,
                graphHash,
                r.runId(),
                r.status(),
                r.node(),
                r.state(),
                r.once(),
                r.answers(),
                r.intent(),
                r.userId(),
                r.createdAt(),
                r.itemSeq(),
                r.turns(),
                r.outbox(),
                r.claims());
    }
}
