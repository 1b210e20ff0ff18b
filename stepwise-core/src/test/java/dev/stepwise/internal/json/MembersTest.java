package dev.stepwise.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.SampleElements;
import com.google.common.collect.testing.TestMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import dev.stepwise.json.Json;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import junit.framework.TestCase;
import junit.framework.TestFailure;
import junit.framework.TestResult;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

class MembersTest {

    /**
     * Guava's suite for the whole {@link Map} contract, on a map that is flat and on one that went
     * past {@link Members#FLAT_MAX} (it stays a hash map after its members are removed).
     */
    @TestFactory
    Stream<DynamicNode> theMapContractHolds() {
        return Stream.of(
                junit3(contractSuite("flat", false)),
                junit3(contractSuite("after growing past the flat maximum", true)));
    }

    @Test
    void membersKeepTheirInsertionOrderAcrossTheSwitchToAHashMap() {
        Members members = new Members();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Members.FLAT_MAX + 3; i++) {
            String name = "m" + (Members.FLAT_MAX + 3 - i);
            names.add(name);
            members.put(name, IntNode.valueOf(i));
        }
        members.put("m1", IntNode.valueOf(-1));
        assertEquals(names, new ArrayList<>(members.keySet()));
        assertEquals(IntNode.valueOf(-1), members.get("m1"));
        assertEquals(Members.FLAT_MAX + 3, members.size());
    }

    @Test
    void removingInTheMiddleKeepsTheOrderOfTheRest() {
        Members members = new Members();
        for (String name : List.of("a", "b", "c", "d")) {
            members.put(name, StringNode.valueOf(name));
        }
        assertEquals(StringNode.valueOf("b"), members.remove("b"));
        assertNull(members.remove("b"));
        assertEquals(List.of("a", "c", "d"), new ArrayList<>(members.keySet()));
        members.put("b", StringNode.valueOf("again"));
        assertEquals(List.of("a", "c", "d", "b"), new ArrayList<>(members.keySet()));
    }

    @Test
    void anIteratorFailsFastWhenAPutMovesTheMembersToAHashMap() {
        Members members = new Members();
        for (int i = 0; i < Members.FLAT_MAX; i++) {
            members.put("m" + i, IntNode.valueOf(i));
        }
        Iterator<Map.Entry<String, JsonNode>> entries = members.entrySet().iterator();
        entries.next();
        members.put("one more", IntNode.valueOf(0));
        assertThrows(ConcurrentModificationException.class, entries::next);
    }

    @Test
    void forEachFailsFastWhenItsActionAddsAMember() {
        Members members = new Members();
        members.put("a", IntNode.valueOf(1));
        members.put("b", IntNode.valueOf(2));
        assertThrows(
                ConcurrentModificationException.class,
                () -> members.forEach((name, value) -> members.put(name + "'", value)));
    }

    @Test
    void anEntryReadBeforeItsMemberWasRemovedNoLongerWritesThrough() {
        Members members = new Members();
        members.put("a", IntNode.valueOf(1));
        members.put("b", IntNode.valueOf(2));
        Map.Entry<String, JsonNode> a = members.entrySet().iterator().next();
        members.remove("a");
        assertThrows(IllegalStateException.class, () -> a.setValue(IntNode.valueOf(3)));
        assertEquals(Map.of("b", IntNode.valueOf(2)), members);
    }

    @Test
    void jsonObjectsKeepTheirOrderAndEqualJacksonsOwn() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < 12; i++) {
            text.append(i == 0 ? "" : ",")
                    .append("\"k")
                    .append(11 - i)
                    .append("\":{\"v\":")
                    .append(i)
                    .append('}');
        }
        String json = text.append('}').toString();
        ObjectNode parsed = (ObjectNode) Json.parse(json);
        assertEquals(json, Json.text(parsed), "members keep the document's order, past the flat maximum too");
        ObjectNode small = (ObjectNode) parsed.get("k3");
        assertInstanceOf(ObjectNode.class, small);

        ObjectNode jacksons = (ObjectNode) JsonNodeFactory.instance.objectNode().setAll(parsed.deepCopy());
        assertEquals(jacksons, parsed);
        assertEquals(parsed, jacksons);
        assertEquals(jacksons.hashCode(), parsed.hashCode());

        ObjectNode copy = parsed.deepCopy();
        assertNotSame(small, copy.get("k3"));
        ((ObjectNode) copy.get("k3")).put("v", 99);
        assertEquals(8, parsed.get("k3").get("v").intValue(), "a deep copy shares no object");
        assertFalse(copy.equals(parsed));
    }

    private static TestSuite contractSuite(String name, boolean grownPastFlat) {
        return MapTestSuiteBuilder.using(new Generator(grownPastFlat))
                .named(name)
                .withFeatures(
                        MapFeature.GENERAL_PURPOSE,
                        MapFeature.ALLOWS_NULL_VALUES,
                        MapFeature.ALLOWS_NULL_KEY_QUERIES,
                        MapFeature.FAILS_FAST_ON_CONCURRENT_MODIFICATION,
                        CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionFeature.KNOWN_ORDER,
                        CollectionSize.ANY)
                .createTestSuite();
    }

    /** A JUnit 3 suite as JUnit 5 dynamic tests, each failing with its test's first failure. */
    private static DynamicNode junit3(junit.framework.Test test) {
        if (test instanceof TestSuite suite) {
            List<DynamicNode> children = new ArrayList<>();
            for (int i = 0; i < suite.testCount(); i++) {
                children.add(junit3(suite.testAt(i)));
            }
            return DynamicContainer.dynamicContainer(suite.getName(), children);
        }
        return DynamicTest.dynamicTest(((TestCase) test).getName(), () -> {
            TestResult result = new TestResult();
            test.run(result);
            for (TestFailure failure : java.util.Collections.list(result.errors())) {
                throw failure.thrownException();
            }
            for (TestFailure failure : java.util.Collections.list(result.failures())) {
                throw failure.thrownException();
            }
        });
    }

    /** Samples with JSON values; insertion order is iteration order. */
    private record Generator(boolean grownPastFlat) implements TestMapGenerator<String, JsonNode> {
        @Override
        public SampleElements<Map.Entry<String, JsonNode>> samples() {
            return new SampleElements<>(
                    Map.entry("one", IntNode.valueOf(1)),
                    Map.entry("two", StringNode.valueOf("2")),
                    Map.entry("three", IntNode.valueOf(3)),
                    Map.entry("four", StringNode.valueOf("4")),
                    Map.entry("five", IntNode.valueOf(5)));
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, JsonNode> create(Object... entries) {
            Members members = new Members();
            if (grownPastFlat) {
                for (int i = 0; i <= Members.FLAT_MAX; i++) {
                    members.put("filler" + i, IntNode.valueOf(i));
                }
                members.clear();
            }
            for (Object entry : entries) {
                Map.Entry<String, JsonNode> member = (Map.Entry<String, JsonNode>) entry;
                members.put(member.getKey(), member.getValue());
            }
            return members;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<String, JsonNode>[] createArray(int length) {
            return new Map.Entry[length];
        }

        @Override
        public Iterable<Map.Entry<String, JsonNode>> order(List<Map.Entry<String, JsonNode>> insertionOrder) {
            return insertionOrder;
        }

        @Override
        public String[] createKeyArray(int length) {
            return new String[length];
        }

        @Override
        public JsonNode[] createValueArray(int length) {
            return new JsonNode[length];
        }
    }
}
