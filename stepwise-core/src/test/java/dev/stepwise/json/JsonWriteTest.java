package dev.stepwise.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** {@link Json#write} and {@link Json#bytes} write what the mapper writes, call after call. */
class JsonWriteTest {

    @Test
    void bytesAreTheMappersBytes() {
        ObjectNode tree = Json.object();
        tree.put("text", "quote \" backslash \\ line\n é 😀 \u2028");
        tree.put("exact", new BigDecimal("1.10"));
        tree.put("double", 0.1);
        tree.put("long", Long.MIN_VALUE);
        tree.putNull("none");
        tree.putArray("list").add(true).addObject().put("nested", "x");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Json.mapper().writeValueAsBytes(tree), Json.bytes(tree));
        }
    }

    @Test
    void aWrittenDocumentIsWholeEvenWithAnotherWrittenInsideIt() {
        byte[] outer = Json.write(g -> {
            g.writeStartObject();
            // a document written while this one is open: the inner call gets a generator of its own
            g.writeStringProperty(
                    "inner", new String(Json.write(h -> h.writeString("in\"ner")), StandardCharsets.UTF_8));
            g.writeNumberProperty("n", 7);
            g.writeEndObject();
        });
        assertEquals("{\"inner\":\"\\\"in\\\\\\\"ner\\\"\",\"n\":7}", new String(outer, StandardCharsets.UTF_8));
        assertEquals(
                "[]",
                new String(
                        Json.write(g -> {
                            g.writeStartArray();
                            g.writeEndArray();
                        }),
                        StandardCharsets.UTF_8));
    }

    @Test
    void aBodyThatLeavesItsValueOpenIsRefusedAndTheNextDocumentIsClean() {
        assertThrows(IllegalStateException.class, () -> Json.write(g -> g.writeStartObject()));
        assertEquals("1", new String(Json.write(g -> g.writeNumber(1)), StandardCharsets.UTF_8));
    }
}
