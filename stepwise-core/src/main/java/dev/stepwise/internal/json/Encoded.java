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

    /** A buffer's first size: a session record or a log item usually fits. */
    private static final int INITIAL_BUFFER = 512;

    /** Larger buffers are not kept: one huge record must not pin its buffer to a thread. */
    private static final int KEPT_BUFFER_MAX = 64 * 1024;

    // one buffer per thread; a nested call, finding it in use, gets a buffer of its own
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private Encoded() {}

    /** The bytes {@code body} writes; it must write exactly one JSON value. */
    public static byte[] bytes(Consumer<JsonGenerator> body) {
        Buffer kept = BUFFERS.get();
        Buffer out = kept.inUse ? new Buffer() : kept;
        out.reset();
        out.inUse = true;
        try (JsonGenerator g = Json.mapper().createGenerator(out)) {
            body.accept(g);
        } finally {
            out.inUse = false;
        }
        byte[] bytes = out.toByteArray();
        if (out == kept && kept.capacity() > KEPT_BUFFER_MAX) {
            BUFFERS.remove();
        }
        return bytes;
    }

    /** A byte array stream that tells its capacity. */
    private static final class Buffer extends ByteArrayOutputStream {
        boolean inUse;

        Buffer() {
            super(INITIAL_BUFFER);
        }

        int capacity() {
            return buf.length;
        }
    }
}
