package dev.stepwise.internal.json;

import dev.stepwise.json.Json;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.FloatNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ShortNode;
import tools.jackson.databind.node.StringNode;

/**
 * Compact UTF-8 JSON written straight from values, with Stepwise's one JSON configuration: for
 * documents assembled on every turn (a session record, a log item), where building a tree first
 * would allocate it only to walk it once.
 */
public final class Encoded {

    /** A buffer's first size: a session record or a log item usually fits. */
    private static final int INITIAL_BUFFER = 512;

    /** Larger buffers are not kept: one huge record must not pin its buffer to a thread. */
    private static final int KEPT_BUFFER_MAX = 64 * 1024;

    // No separator between root values: a kept generator writes one document after another into
    // its buffer, which is emptied before each.
    private static final ObjectWriter WRITER = Json.mapper().writer().withRootValueSeparator((String) null);

    // One writer per thread, its generator kept between documents: creating a generator (and the
    // serialization context writeTree needs) was a sixth of the bytes a turn allocated. A nested
    // call, finding it in use, gets a writer of its own.
    private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

    private Encoded() {}

    /**
     * Each constant's label as quoted JSON, indexed by ordinal: a label written on every document is
     * then copied rather than escaped char by char each time.
     */
    public static <E extends Enum<E>> SerializableString[] labels(E[] constants, Function<E, String> label) {
        SerializableString[] labels = new SerializableString[constants.length];
        for (E constant : constants) {
            labels[constant.ordinal()] = new SerializedString(label.apply(constant));
        }
        return labels;
    }

    /** The bytes {@code body} writes; it must write exactly one JSON value. */
    public static byte[] bytes(Consumer<JsonGenerator> body) {
        Writer kept = WRITERS.get();
        Writer writer = kept.inUse ? new Writer() : kept;
        byte[] bytes;
        writer.inUse = true;
        boolean written = false;
        try {
            bytes = writer.write(body);
            written = true;
        } finally {
            writer.inUse = false;
            // a body that failed may have left its generator inside a value: never reuse it
            if (writer == kept && (!written || kept.buffer.capacity() > KEPT_BUFFER_MAX)) {
                WRITERS.remove();
            }
        }
        return bytes;
    }

    /**
     * Writes {@code tree} as {@code g.writeTree(tree)} does, byte for byte, walking every node type
     * but binary and POJO nodes itself and handing those to {@code writeTree}. The generator's
     * {@code writeTree} looks a serializer up in the mapper's cache for every call: on a session
     * record's trees that lookup was as much as the writing, and in a server its lock was contended
     * by the request threads (a flow state's decimal number, say).
     */
    public static void tree(JsonGenerator g, JsonNode tree) {
        if (tree instanceof StringNode) {
            g.writeString(tree.stringValue());
        } else if (tree instanceof ObjectNode object) {
            g.writeStartObject(object, object.size());
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                g.writeName(property.getKey());
                tree(g, property.getValue());
            }
            g.writeEndObject();
        } else if (tree instanceof ArrayNode array) {
            int size = array.size();
            g.writeStartArray(array, size);
            for (int i = 0; i < size; i++) {
                tree(g, array.get(i));
            }
            g.writeEndArray();
        } else if (tree instanceof IntNode) {
            g.writeNumber(tree.intValue());
        } else if (tree instanceof BooleanNode) {
            g.writeBoolean(tree.booleanValue());
        } else if (tree instanceof NullNode) {
            g.writeNull();
        } else if (tree instanceof LongNode) {
            g.writeNumber(tree.longValue());
        } else if (tree instanceof DoubleNode) {
            g.writeNumber(tree.doubleValue());
        } else if (tree instanceof DecimalNode) {
            g.writeNumber(tree.decimalValue());
        } else if (tree instanceof FloatNode) {
            g.writeNumber(tree.floatValue());
        } else if (tree instanceof ShortNode) {
            g.writeNumber(tree.shortValue());
        } else if (tree instanceof BigIntegerNode) {
            g.writeNumber(tree.bigIntegerValue());
        } else {
            g.writeTree(tree);
        }
    }

    /** A buffer and the generator that writes into it. */
    private static final class Writer {
        final Buffer buffer = new Buffer();
        final JsonGenerator generator = WRITER.createGenerator(buffer);
        boolean inUse;

        byte[] write(Consumer<JsonGenerator> body) {
            buffer.reset();
            body.accept(generator);
            if (!generator.streamWriteContext().inRoot()) {
                throw new IllegalStateException("an encoder left a JSON value unfinished");
            }
            generator.flush();
            return buffer.toByteArray();
        }
    }

    /** A byte array stream that tells its capacity. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(INITIAL_BUFFER);
        }

        int capacity() {
            return buf.length;
        }
    }
}
