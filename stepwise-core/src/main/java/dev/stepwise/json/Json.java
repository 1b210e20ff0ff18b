package dev.stepwise.json;

import dev.stepwise.internal.json.Encoded;
import dev.stepwise.internal.json.IsoInstants;
import dev.stepwise.internal.json.Members;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON configuration Stepwise reads and writes with. Reading is strict and bounded:
 * duplicate keys, trailing tokens, nesting deeper than {@value #MAX_DEPTH} levels and numbers
 * longer than {@value #MAX_NUMBER_LENGTH} digits are refused with {@link JsonException}.
 */
public final class Json {

    /** Deepest nesting accepted anywhere (tool arguments, stored records). */
    public static final int MAX_DEPTH = 64;

    /** Longest number literal accepted, in chars. */
    public static final int MAX_NUMBER_LENGTH = 100;

    // Buffers recycled per thread: the default shared deque showed up as 2-3 % of a turn in JFR,
    // contended between request threads, for buffers a thread could simply keep.
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .nodeFactory(new Nodes())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {}

    /**
     * Jackson's nodes, with each object's members in a {@link Members}: most objects of a turn
     * (answers, patches, hints, the {@code ctx.once} and claim maps, a state's nodes) hold one to
     * seven, and a {@code LinkedHashMap} per object, with its table and an entry per member, was a
     * quarter of the bytes a turn allocated.
     */
    private static final class Nodes extends JsonNodeFactory {
        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new Members());
        }
    }

    /** The shared mapper; thread-safe, never reconfigure it. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static JsonNodeFactory nodes() {
        return MAPPER.getNodeFactory();
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new JsonException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (NumberFormatException e) {
            // e.g. 777E7777777777777777777: within the length limit, its exponent overflows BigDecimal
            throw new JsonException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Parses UTF-8 JSON bytes. */
    public static JsonNode parse(byte[] utf8) {
        try {
            return MAPPER.readTree(utf8);
        } catch (JacksonException e) {
            throw new JsonException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (NumberFormatException e) {
            // e.g. 777E7777777777777777777: within the length limit, its exponent overflows BigDecimal
            throw new JsonException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Parses UTF-8 JSON bytes that must hold an object. */
    public static ObjectNode parseObject(byte[] utf8) {
        JsonNode node = parse(utf8);
        if (!(node instanceof ObjectNode object)) {
            throw new JsonException("expected a JSON object, found " + node.getNodeType(), null);
        }
        return object;
    }

    /** Compact UTF-8 bytes: what {@link #mapper()} writes for {@code node}. */
    public static byte[] bytes(JsonNode node) {
        // the same bytes as MAPPER.writeValueAsBytes, without its serializer lookups per call
        return Encoded.bytes(g -> Encoded.tree(g, node));
    }

    /**
     * The compact UTF-8 bytes {@code body} writes, with Stepwise's JSON configuration: for documents
     * written value by value instead of built as a tree first. The generator and its buffer are kept
     * per thread between calls (creating a generator costs about as much as writing a small
     * document); a call made from inside another {@code body} gets a generator of its own.
     *
     * @param body writes exactly one JSON value and does not close the generator
     * @throws IllegalStateException when {@code body} leaves a value unfinished
     */
    public static byte[] write(Consumer<JsonGenerator> body) {
        return Encoded.bytes(body);
    }

    /** Compact text. */
    public static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Indented text, for people. */
    public static String pretty(JsonNode node) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    /** Size of a node's compact UTF-8 encoding. */
    public static int size(JsonNode node) {
        return bytes(node).length;
    }

    /**
     * An instant as the JSON text Stepwise's records hold: exactly what {@link Instant#toString()}
     * writes ({@code 2026-11-23T00:49:09.123Z}), without its formatter's cost.
     */
    public static String instantText(Instant instant) {
        return IsoInstants.format(instant);
    }

    /**
     * Parses what {@link Instant#parse} parses, with the same result; the inverse of {@link
     * #instantText}.
     *
     * @throws java.time.format.DateTimeParseException if the text is not an ISO instant
     */
    public static Instant instant(String text) {
        return IsoInstants.parse(text);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
