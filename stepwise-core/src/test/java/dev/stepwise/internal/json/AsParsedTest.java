package dev.stepwise.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A tree brought to parsed form equals, node type and decimal scale included, its own JSON read back. */
class AsParsedTest {

    private static final JsonNodeFactory NODES = Json.nodes();

    /** Normalises {@code value} inside an object and an array and checks both against reading its text back. */
    private static void assertAsParsed(JsonNode value) {
        JsonNode expected = Json.parse(Json.bytes(value));
        ObjectNode object = NODES.objectNode();
        object.set("v", value);
        ArrayNode array = NODES.arrayNode();
        array.add(value);
        AsParsed.normalize(object);
        AsParsed.normalize(array);
        for (JsonNode actual : List.of(object.get("v"), array.get(0))) {
            assertEquals(expected.getClass(), actual.getClass(), () -> value + " became " + actual);
            assertEquals(expected, actual, () -> value.toString());
            if (expected.isBigDecimal()) {
                assertEquals(
                        expected.decimalValue().scale(), actual.decimalValue().scale(), () -> value.toString());
            }
            assertEquals(Json.text(expected), Json.text(actual));
        }
    }

    @Test
    void doublesReadBackAsTheirTextDoes() {
        List<Double> values = new ArrayList<>(List.of(
                0.0,
                -0.0,
                35.0,
                100.0,
                0.1 + 0.2,
                1e7,
                1e-3,
                1e-5,
                1e21,
                1e23,
                2e-3,
                123456789.0,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                Double.MIN_NORMAL,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                (double) Long.MAX_VALUE,
                9007199254740993.0));
        for (int exponent = -320; exponent <= 308; exponent++) {
            values.add(Double.parseDouble("1e" + exponent));
            values.add(Double.parseDouble("-7.25e" + exponent));
        }
        SplittableRandom random = new SplittableRandom(20);
        for (int i = 0; i < 25_000; i++) {
            double bits = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(bits)) {
                values.add(bits);
            }
            values.add(Math.round(random.nextDouble() * 1_000_000) / 100.0); // a price
            values.add((double) random.nextInt()); // a whole number computed as a double
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(-20, 21)));
        }
        for (double value : values) {
            assertAsParsed(NODES.numberNode(value));
        }
    }

    @Test
    void longsAndOtherNumbersReadBackAsTheirTextDoes() {
        List<Long> values = new ArrayList<>(List.of(
                0L,
                34L,
                -1L,
                (long) Integer.MAX_VALUE,
                (long) Integer.MIN_VALUE,
                Integer.MAX_VALUE + 1L,
                Integer.MIN_VALUE - 1L,
                Long.MAX_VALUE,
                Long.MIN_VALUE));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            values.add(random.nextLong());
            values.add((long) random.nextInt());
        }
        for (long value : values) {
            assertAsParsed(NODES.numberNode(value));
        }
        for (int i = 0; i < 20_000; i++) {
            assertAsParsed(NODES.numberNode(Float.intBitsToFloat(random.nextInt()) / 1e3f));
            assertAsParsed(NODES.numberNode((short) random.nextInt()));
        }
    }

    @Test
    void nonFiniteDoublesReadBackAsTheStringsTheyAreWrittenAs() {
        assertAsParsed(NODES.numberNode(Double.NaN));
        assertAsParsed(NODES.numberNode(Double.POSITIVE_INFINITY));
        assertAsParsed(NODES.numberNode(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", Json.parse(Json.bytes(NODES.numberNode(Double.NaN))).asString());
    }
}
