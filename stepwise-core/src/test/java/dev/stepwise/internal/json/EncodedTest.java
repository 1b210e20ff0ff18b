package dev.stepwise.internal.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stepwise.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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
