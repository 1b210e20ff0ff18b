package dev.stepwise.internal.json;

import dev.stepwise.json.Json;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;

/**
 * Compact UTF-8 JSON written straight from values, with Stepwise's one JSON configuration: for
 * documents assembled on every turn (a session record, a log item), where building a tree first
 * would allocate it only to walk it once.
 */
public final class Encoded {

    /** Larger buffers are not kept: one huge record must not pin its buffer to a thread. */
    private static final int KEPT_BUFFER_MAX = 64 * 1024;

    // one buffer per thread, taken while in use so a nested call gets its own
    private static final ThreadLocal<Buffer> BUFFERS = new ThreadLocal<>();

    private Encoded() {}

    /**
     * The bytes {@code body} writes; it must write exactly one JSON value.
     *
     * @param sizeHint bytes to reserve before the buffer grows
     */
    public static byte[] bytes(int sizeHint, Consumer<JsonGenerator> body) {
        Buffer out = BUFFERS.get();
        if (out == null) {
            out = new Buffer(sizeHint);
        } else {
            BUFFERS.remove();
            out.reset();
        }
        try (JsonGenerator g = Json.mapper().createGenerator(out)) {
            body.accept(g);
        }
        byte[] bytes = out.toByteArray();
        if (out.capacity() <= KEPT_BUFFER_MAX) {
            BUFFERS.set(out);
        }
        return bytes;
    }

    /** A byte array stream that tells its capacity. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        int capacity() {
            return buf.length;
        }
    }
}
