package dev.stepwise.server;

import dev.stepwise.json.Json;
import java.io.PrintWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Progress of a long command (export, import, re-encryption) on standard error: a line every
 * {@code every} records when standard error is not a terminal (logs, pipes, CI), as JSON objects
 * with {@code --json}; a progress bar on a terminal. Never on standard output, which may carry data.
 */
abstract class Progress implements AutoCloseable {

    /** Counts one more record; {@code position} names it (e.g. {@code session:quote:s1}). */
    abstract void step(String position);

    /** Ends the display (a bar's last frame); idempotent. */
    @Override
    public abstract void close();

    /**
     * The display for this run.
     *
     * @param task    what is counted, e.g. {@code export}
     * @param every   records between plain lines (at least 1)
     * @param json    plain lines as JSON objects
     */
    static Progress open(PrintWriter err, String task, long every, boolean json) {
        if (every < 1) {
            throw new IllegalArgumentException("--progress-every must be at least 1, was " + every);
        }
        if (!json && TerminalProgress.available()) {
            return new TerminalProgress(task);
        }
        return new Lines(err, task, every, json);
    }

    /** Plain lines: {@code export: 1000 records, at session:quote:s999}. */
    static final class Lines extends Progress {

        private final PrintWriter err;
        private final String task;
        private final long every;
        private final boolean json;
        private long count;

        Lines(PrintWriter err, String task, long every, boolean json) {
            this.err = err;
            this.task = task;
            this.every = every;
            this.json = json;
        }

        @Override
        void step(String position) {
            count++;
            if (count % every != 0) {
                return;
            }
            if (json) {
                ObjectNode line = Json.object();
                line.put("progress", task);
                line.put("records", count);
                line.put("at", position);
                err.println(Json.text(line));
            } else {
                err.println(task + ": " + count + " records, at " + position);
            }
            err.flush();
        }

        @Override
        public void close() {
            err.flush();
        }
    }
}
