package dev.stepwise.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.ser.std.ToStringSerializer;

/** Built directly or by the mapper, every value's tree is the mapper's: the same nodes of the same kinds. */
class PlainTreesTest {

    /** A map class of the application's own: it goes to the mapper, whatever it carries. */
    static final class Fields extends LinkedHashMap<String, Object> {}

    /** A BigDecimal of the application's own that serializes as text: the mapper's tree says so. */
    @JsonSerialize(using = ToStringSerializer.class)
    static final class Price extends BigDecimal {
        Price(String value) {
            super(value);
        }
    }

    @Test
    void randomValuesGiveTheMappersTreeNodeForNode() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Object value = value(random, 0, i % 3 == 0);
            assertSameTree(Json.mapper().valueToTree(value), PlainTrees.of(value), value);
        }
    }

    @Test
    void valuesTheMapperTreatsItsOwnWayAreLeftToIt() {
        Map<Object, Object> otherKeys = new HashMap<>();
        otherKeys.put(1, "one");
        Fields fields = new Fields();
        fields.put("a", 1);
        List<Object> values = List.of(
                List.of(UUID.nameUUIDFromBytes(new byte[] {1}), Optional.of("x"), LocalDate.of(2026, 12, 6)),
                Map.of("float", 1.5f, "short", (short) 3, "byte", (byte) 1),
                Map.of("decimal", new BigDecimal("1.50"), "big", BigInteger.TEN.pow(30)),
                otherKeys,
                fields,
                Map.of("ownDecimal", new Price("2.50")),
                new TreeMap<>(Map.of("b", 2, "a", 1)),
                Map.of("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY, "negativeZero", -0.0),
                Map.of("array", new int[] {1, 2}),
                Map.of("node", Json.parse("{\"x\":[1,2.5]}")));
        for (Object value : values) {
            assertSameTree(Json.mapper().valueToTree(value), PlainTrees.of(value), value);
        }
    }

    @Test
    void aValueThatHoldsItselfIsRefusedByName() {
        // (the mapper itself runs out of stack on these: a StackOverflowError would escape every catch)
        Map<String, Object> cycle = new HashMap<>();
        cycle.put("self", cycle);
        List<Object> viaForeign = new ArrayList<>();
        viaForeign.add(Map.of("id", UUID.nameUUIDFromBytes(new byte[] {1}), "again", viaForeign));
        for (Object value : List.of(cycle, viaForeign)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlainTrees.of(value));
            assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
        }
    }

    @Test
    void aTreeIsNewEveryTimeSoChangingOneLeavesTheNextAlone() {
        Map<String, Object> data = Map.of("plans", List.of(Map.of("id", "basic")));
        JsonNode first = PlainTrees.of(data);
        JsonNode second = PlainTrees.of(data);
        assertNotSame(first, second);
        assertNotSame(first.get("plans"), second.get("plans"));
    }

    private static void assertSameTree(JsonNode expected, JsonNode actual, Object value) {
        assertEquals(expected, actual, () -> "tree of " + value);
        assertEquals(shape(expected), shape(actual), () -> "node kinds of " + value);
        assertEquals(Json.text(expected), Json.text(actual), () -> "text of " + value);
    }

    /** The node classes of a tree, depth first: equals alone may not tell an int node from a long one. */
    private static String shape(JsonNode node) {
        StringBuilder out =
                new StringBuilder(node == null ? "null" : node.getClass().getSimpleName());
        if (node != null && node.isContainer()) {
            out.append('[');
            for (JsonNode child : node.values()) {
                out.append(shape(child)).append(',');
            }
            out.append(']');
        }
        return out.toString();
    }

    private static Object value(Random random, int depth, boolean foreign) {
        int kind = random.nextInt(depth > 4 ? 8 : 10);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextInt(3) == 0 ? "é\n\"" + random.nextInt() : "s" + random.nextInt(100);
            case 2 -> random.nextInt();
            case 3 -> random.nextBoolean() ? random.nextLong() : (long) random.nextInt(10);
            case 4 -> random.nextInt(4) == 0 ? (double) random.nextInt(5) : random.nextGaussian() * 1e6;
            case 5 -> random.nextBoolean();
            case 6 -> foreign ? foreign(random) : "plain";
            case 7 ->
                switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(100) - 50;
                    // scales of every sign, trailing zeros, zero with a scale
                    case 1 -> new BigDecimal(BigInteger.valueOf(random.nextLong() % 100_000), random.nextInt(21) - 10);
                    case 2 -> new BigDecimal(random.nextInt(1000)).movePointLeft(2);
                    default -> BigInteger.valueOf(random.nextLong()).shiftLeft(random.nextInt(80));
                };
            case 8 -> {
                Map<String, Object> map = random.nextBoolean() ? new LinkedHashMap<>() : new HashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put("k" + random.nextInt(20), value(random, depth + 1, foreign));
                }
                yield random.nextBoolean() ? map : java.util.Collections.unmodifiableMap(map);
            }
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(value(random, depth + 1, foreign));
                }
                yield random.nextBoolean()
                        ? list
                        : List.copyOf(list.stream().filter(x -> x != null).toList());
            }
        };
    }

    private static Object foreign(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextFloat();
            case 1 -> new BigDecimal(random.nextInt(1000)).movePointLeft(2);
            case 2 -> UUID.nameUUIDFromBytes(new byte[] {(byte) random.nextInt()});
            case 3 -> (short) random.nextInt(100);
            default -> BigInteger.valueOf(random.nextLong()).shiftLeft(70);
        };
    }
}
