package dev.stepwise.server;

import dev.stepwise.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Watches the newline-delimited JSON-RPC of a stdio transport: counts requests read from the host
 * and responses written back, so that when the host closes stdin the end of input is held back
 * until every request read so far has been answered (or the drain timeout passed). A host that
 * writes its last request and closes stdin right away still gets the answer.
 */
final class StdioRequests {

    private static final int MAX_TRACKED_LINE = 8 * 1024 * 1024;

    private final Object lock = new Object();
    private final Duration drainTimeout;
    private int pending;
    private boolean ended;

    StdioRequests(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    InputStream input(InputStream in) {
        LineScanner scanner = new LineScanner(true);
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    return endOfInput();
                }
                scanner.accept(new byte[] {(byte) b}, 0, 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n < 0) {
                    return endOfInput();
                }
                scanner.accept(buffer, off, n);
                return n;
            }
        };
    }

    OutputStream output(OutputStream out) {
        LineScanner scanner = new LineScanner(false);
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                scanner.accept(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int off, int len) throws IOException {
                out.write(buffer, off, len);
                scanner.accept(buffer, off, len);
            }
        };
    }

    /** Whether the host closed stdin and every request was answered (or the drain timed out). */
    void awaitEnd() throws InterruptedException {
        synchronized (lock) {
            while (!ended) {
                lock.wait();
            }
        }
    }

    /** Ends now, whatever is pending (JVM shutdown). */
    void end() {
        synchronized (lock) {
            ended = true;
            lock.notifyAll();
        }
    }

    private int endOfInput() {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        synchronized (lock) {
            try {
                while (pending > 0 && !ended) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended = true;
            lock.notifyAll();
        }
        return -1;
    }

    private void line(boolean incoming, byte[] line) {
        JsonNode message;
        try {
            message = Json.parse(line);
        } catch (RuntimeException notJson) {
            return;
        }
        boolean hasId = message.hasNonNull("id");
        boolean hasMethod = message.has("method");
        synchronized (lock) {
            if (incoming && hasId && hasMethod) {
                pending++;
            } else if (!incoming && hasId && !hasMethod && pending > 0) {
                pending--;
                lock.notifyAll();
            }
        }
    }

    /** Splits a byte stream into lines and classifies each complete one. */
    private final class LineScanner {
        private final boolean incoming;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private boolean overflow;

        LineScanner(boolean incoming) {
            this.incoming = incoming;
        }

        synchronized void accept(byte[] bytes, int off, int len) {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (bytes[i] == '\n') {
                    append(bytes, start, i - start);
                    if (!overflow && current.size() > 0) {
                        line(incoming, current.toByteArray());
                    }
                    current.reset();
                    overflow = false;
                    start = i + 1;
                }
            }
            append(bytes, start, off + len - start);
        }

        private void append(byte[] bytes, int off, int len) {
            if (overflow || len == 0) {
                return;
            }
            if (current.size() + len > MAX_TRACKED_LINE) {
                overflow = true;
                current.reset();
                return;
            }
            current.write(bytes, off, len);
        }
    }
}
