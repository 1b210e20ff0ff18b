package dev.stepwise.internal.json;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The size check never lets an oversized tree through: whenever it answers "within the limit", the
 * exact encoding is within it, for trees of every value type and of the chars that encode longest.
 */
class EncodedSizeTest {

    /** Chars whose encodings differ in length: ASCII, escaped, control, 2- and 3-byte UTF-8, surrogates. */
    private static final String[] PIECES = {"a", "\"", "\\", "\n", "\u0001", "é", "€", "\uD83D\uDE00", "\u2028", "/"};

    @Test
    void neverAnswersWithinTheLimitForALargerEncoding() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            JsonNode tree = tree(random, 0);
            int exact = Json.size(tree);
            assertTrue(EncodedSize.mayExceed(tree, exact - 1), () -> "missed an oversize tree: " + Json.text(tree));
            for (int limit : new int[] {exact, exact + random.nextInt(8), exact * 6 + 16}) {
                if (!EncodedSize.mayExceed(tree, limit)) {
                    assertTrue(exact <= limit);
                }
            }
        }
    }

    @Test
    void answersWithinTheLimitWithoutEncodingWhenTheBoundIsClear() {
        ObjectNode updates = Json.object();
        updates.put("name", "Ada Lovelace");
        updates.put("age", 34);
        updates.put("subscribed", true);
        updates.putNull("note");
        updates.putArray("tags").add("a").add(7L);
        assertFalse(EncodedSize.mayExceed(updates, 1024));
        assertTrue(EncodedSize.mayExceed(updates, Json.size(updates) - 1));
    }

    private static JsonNode tree(Random random, int depth) {
        int pick = random.nextInt(depth >= 3 ? 8 : 10);
        return switch (pick) {
            case 0 -> Json.nodes().stringNode(text(random));
            case 1 -> Json.nodes().numberNode(random.nextInt());
            case 2 -> Json.nodes().numberNode(random.nextLong());
            case 3 ->
                Json.nodes()
                        .numberNode(new BigDecimal(random.nextGaussian()).scaleByPowerOfTen(random.nextInt(80) - 40));
            case 4 -> Json.nodes().numberNode(new BigInteger(200, random));
            case 5 -> Json.nodes().booleanNode(random.nextBoolean());
            case 6 -> Json.nodes().nullNode();
            case 7 -> Json.nodes().numberNode(random.nextDouble() * 1e300);
            case 8 -> {
                ObjectNode object = Json.object();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(text(random), tree(random, depth + 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = Json.mapper().createArrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(tree(random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }
}
