package dev.stepwise.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FieldCheckTest {

    private static JsonNode accepted(FieldSpec spec, String json) {
        FieldCheck.Result r = FieldCheck.check(spec, Json.parse(json));
        return assertInstanceOf(FieldCheck.Result.Accepted.class, r, r.toString())
                .value();
    }

    private static String rejected(FieldSpec spec, String json) {
        FieldCheck.Result r = FieldCheck.check(spec, Json.parse(json));
        return assertInstanceOf(FieldCheck.Result.Rejected.class, r, r.toString())
                .reason();
    }

    @Test
    void numericAndBooleanStringsAreCoerced() {
        assertEquals("34", accepted(FieldSpec.integer("age").build(), "\"34\"").toString());
        assertEquals("34", accepted(FieldSpec.integer("age").build(), "34.0").toString());
        assertEquals(
                "2.5", accepted(FieldSpec.number("x").build(), "\" 2.50 \"").toString());
        assertEquals("true", accepted(FieldSpec.bool("b").build(), "\"yes\"").toString());
        assertEquals("false", accepted(FieldSpec.bool("b").build(), "\"False\"").toString());
        assertEquals(
                "\"premium\"",
                accepted(FieldSpec.enumeration("p", "basic", "premium").build(), "\"Premium\"")
                        .toString());
        assertEquals(
                "\"12345\"", accepted(FieldSpec.string("zip").build(), "12345").toString());
    }

    @Test
    void wrongValuesGetAReasonNamingTheField() {
        assertEquals(
                "age must be a number, not \"abc\"",
                rejected(FieldSpec.integer("age").build(), "\"abc\""));
        assertEquals(
                "age must be a whole number, not 34.5",
                rejected(FieldSpec.integer("age").build(), "34.5"));
        assertEquals(
                "age must be at least 18",
                rejected(FieldSpec.integer("age").min(18).build(), "\"17\""));
        assertTrue(
                rejected(FieldSpec.enumeration("p", "a", "b").build(), "\"c\"").contains("must be one of a, b"));
        assertTrue(rejected(FieldSpec.string("e").format("email").build(), "\"nope\"")
                .contains("email"));
        assertTrue(rejected(FieldSpec.string("s").build(), "{}").contains("must be a string, not an object"));
        assertTrue(rejected(FieldSpec.bool("b").build(), "\"maybe\"").contains("true or false"));
        assertTrue(rejected(FieldSpec.string("s").build(), "null").contains("must not be null"));
        assertTrue(rejected(FieldSpec.string("d").format("date").build(), "\"2024-13-01\"")
                .contains("YYYY-MM-DD"));
    }

    @Test
    void eachFieldIsMatchedAgainstItsOwnPattern() {
        // compiled patterns are kept between checks: more of them than are kept, interleaved, must
        // each still answer for their own field
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 1500; i++) {
                FieldSpec code =
                        FieldSpec.string("code").pattern("C" + i + "-[0-9]+").build();
                assertEquals(
                        "\"C" + i + "-7\"", accepted(code, "\"C" + i + "-7\"").toString());
                assertTrue(rejected(code, "\"C" + (i + 1) + "-7\"").contains("(C" + i + "-[0-9]+)"));
            }
        }
    }

    @Test
    void integersUpToTheLongRangeAreKeptExactly() {
        FieldSpec n = FieldSpec.integer("n").build();
        assertEquals(
                Long.toString(Long.MIN_VALUE),
                accepted(n, "\"" + Long.MIN_VALUE + "\"").toString());
        assertEquals(
                Long.toString(Long.MAX_VALUE),
                accepted(n, Long.toString(Long.MAX_VALUE)).toString());
        assertEquals("-" + "9".repeat(99), accepted(n, "-" + "9".repeat(99)).toString());
        assertTrue(rejected(n, "-" + "9".repeat(100)).contains("too many digits"));
    }

    @Test
    void hugeNumbersAreBoundedNotOverflowed() {
        String huge = "1" + "0".repeat(60);
        assertTrue(rejected(FieldSpec.integer("n").max(1000).build(), huge).contains("at most 1000"));
        assertEquals(huge, accepted(FieldSpec.integer("n").build(), huge).toString());
    }

    @Test
    void arraysAndObjectsAreCheckedMemberByMember() {
        FieldSpec list = FieldSpec.array("ages", FieldSpec.integer("item").build())
                .max(2)
                .build();
        assertEquals("[1,2]", accepted(list, "[\"1\", 2]").toString());
        assertTrue(rejected(list, "[1, \"x\"]").contains("ages[1]"));
        assertTrue(rejected(list, "[1,2,3]").contains("at most 2"));
        FieldSpec obj = FieldSpec.object(
                        "d", StateSchema.builder().integer("n", "n").build())
                .build();
        assertTrue(rejected(obj, "{\"m\": 1}").contains("no member 'm'"));
    }

    @Test
    void exponentBombsAreRefusedBeforeAnyExpansion() {
        // 1e999999999 as an exact integer would be a billion digits: refused on its exponent alone
        assertTrue(rejected(FieldSpec.integer("n").build(), "1e999999999").contains("between -1e308 and 1e308"));
        assertTrue(rejected(FieldSpec.integer("n").build(), "\"1e999999999\"").contains("between -1e308 and 1e308"));
        assertTrue(rejected(FieldSpec.number("x").build(), "\"-1E+2147483647\"").contains("between -1e308 and 1e308"));
        assertTrue(rejected(FieldSpec.number("x").build(), "\"" + "9".repeat(5000) + "\"")
                .contains("at most 100 characters"));
        assertEquals("1E+308", accepted(FieldSpec.number("x").build(), "1e308").toString());
        assertTrue(
                FieldCheck.check(FieldSpec.number("x").build(), Json.nodes().numberNode(Double.POSITIVE_INFINITY))
                        instanceof FieldCheck.Result.Rejected,
                "an infinite double (what a lax parser makes of 1e999) is refused");
        assertTrue(
                FieldCheck.check(FieldSpec.integer("n").build(), Json.nodes().numberNode(Double.NaN))
                        instanceof FieldCheck.Result.Rejected);
        // what is saved must parse again under the 100-character number limit
        assertTrue(rejected(FieldSpec.integer("n").build(), "1e300").contains("too many digits"));
        assertTrue(
                rejected(FieldSpec.number("x").build(), "1".repeat(95) + "e200").contains("too many digits"));
        assertEquals("1E+300", accepted(FieldSpec.number("x").build(), "1e300").toString());
    }

    @Test
    void anEmailIsWhatThePatternItReplacedAcceptsAfterTrimming() {
        Pattern email = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
        String alphabet = "a.@ \t\n\u000B\f\r\u0001\u00A0\u2003é";
        Random random = new Random(20261206);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(9);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            assertEquals(
                    email.matcher(candidate.trim()).matches(),
                    FieldCheck.isEmail(candidate),
                    () -> "'" + candidate + "'");
        }
        assertTrue(FieldCheck.isEmail(" ada@example.com\n"));
        assertTrue(FieldCheck.isEmail("a@b.c"));
        assertTrue(!FieldCheck.isEmail("a@.c") && !FieldCheck.isEmail("a@b.") && !FieldCheck.isEmail("@b.c"));
    }
}
