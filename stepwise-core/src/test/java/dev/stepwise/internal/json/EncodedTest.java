package dev.stepwise.internal.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stepwise.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Documents written one after another on a thread come out whole and alone, whatever came before. */
class EncodedTest {

    private static final JsonNode DOCUMENT = Json.parse("{\"a\":[1,2.5,\"é\\n\",null,true],\"b\":{\"c\":{}}}");

    @Test
    void eachDocumentIsExactlyTheMappersBytesWithNothingLeftFromTheOneBefore() throws Exception {
        byte[] expected = Json.mapper().writeValueAsBytes(DOCUMENT);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected, Encoded.bytes(g -> g.writeTree(DOCUMENT)));
            assertArrayEquals("7".getBytes(StandardCharsets.UTF_8), Encoded.bytes(g -> g.writeNumber(7)));
        }
    }

    @Test
    void aTreeIsWrittenByteForByteAsTheMapperWritesIt() throws Exception {
        ObjectNode built = Json.object();
        built.put("int", 7);
        built.put("long", 1L << 40);
        built.put("double", 0.1);
        built.put("nan", Double.NaN);
        built.put("float", 1.5f);
        built.put("short", (short) 3);
        built.put("decimal", new BigDecimal("1.50"));
        built.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        built.put("text", "é\n\"\u0001</script>\uD83D\uDE00");
        built.put("yes", true);
        built.putNull("nothing");
        built.put("binary", new byte[] {1, 2, 3});
        built.putPOJO("pojo", new java.util.TreeMap<>(java.util.Map.of("k", 1)));
        built.putArray("empty");
        built.putObject("emptyObject");
        built.putArray("nested").add(DOCUMENT).addArray().add("x").addNull();
        for (JsonNode tree : List.of(
                DOCUMENT, built, Json.parse(Json.text(built)), Json.nodes().stringNode("alone"))) {
            byte[] expected = Json.mapper().writeValueAsBytes(tree);
            assertEquals(
                    new String(expected, StandardCharsets.UTF_8),
                    new String(Encoded.bytes(g -> Encoded.tree(g, tree)), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDocumentWrittenInsideAnotherOneComesOutWholeAndSoDoesTheOuter() {
        List<byte[]> inner = new ArrayList<>();
        byte[] outer = Encoded.bytes(g -> {
            g.writeStartObject();
            g.writeName("x");
            inner.add(Encoded.bytes(n -> n.writeString("inner")));
            g.writeString("outer");
            g.writeEndObject();
        });
        assertEquals("\"inner\"", new String(inner.get(0), StandardCharsets.UTF_8));
        assertEquals("{\"x\":\"outer\"}", new String(outer, StandardCharsets.UTF_8));
    }

    @Test
    void aBodyThatFailsHalfwayLeavesNothingBehindForTheNextDocument() {
        IllegalArgumentException failure = new IllegalArgumentException("boom");
        assertEquals(
                failure,
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Encoded.bytes(g -> {
                            g.writeStartObject();
                            g.writeName("half");
                            throw failure;
                        })));
        assertEquals(
                "[1]",
                new String(
                        Encoded.bytes(g -> {
                            g.writeStartArray();
                            g.writeNumber(1);
                            g.writeEndArray();
                        }),
                        StandardCharsets.UTF_8));
    }

    @Test
    void aBodyThatLeavesItsValueOpenIsRefusedAndDoesNotSpoilTheNext() {
        assertThrows(IllegalStateException.class, () -> Encoded.bytes(g -> g.writeStartArray()));
        assertEquals("true", new String(Encoded.bytes(g -> g.writeBoolean(true)), StandardCharsets.UTF_8));
    }

    @Test
    void aDocumentLargerThanAKeptBufferIsWrittenWholeAndSoIsTheNext() {
        String big = "x".repeat(200_000);
        assertEquals(big.length() + 2, Encoded.bytes(g -> g.writeString(big)).length);
        assertEquals("\"y\"", new String(Encoded.bytes(g -> g.writeString("y")), StandardCharsets.UTF_8));
    }
}
