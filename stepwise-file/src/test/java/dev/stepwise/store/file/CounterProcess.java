package dev.stepwise.store.file;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A second process for {@link FileStoreConcurrencyTest}: increments a counter record in a file
 * store {@code n} times with compare-and-set, retrying on conflicts.
 *
 * <p>Arguments: directory, record id, n. Prints {@code ready}, waits for a line on stdin, runs, exits 0.
 */
public final class CounterProcess {

    private CounterProcess() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        StoreKey key = StoreKey.session(args[1]);
        int n = Integer.parseInt(args[2]);
        try (FileStore store =
                FileStore.builder(directory).sweepInterval(Duration.ZERO).build()) {
            System.out.println("ready");
            System.out.flush();
            System.in.read();
            for (int i = 0; i < n; i++) {
                increment(store, key);
            }
        }
        System.out.println("done");
    }

    /** Adds one to the counter at {@code key}; returns how many conflicts it retried. */
    static int increment(FileStore store, StoreKey key) {
        for (int conflicts = 0; ; conflicts++) {
            Optional<Stored> current = store.read(key);
            long value = current.map(s -> Long.parseLong(new String(s.value(), StandardCharsets.UTF_8)))
                    .orElse(0L);
            Expect expect = current.map(s -> Expect.version(s.version())).orElse(Expect.absent());
            byte[] next = Long.toString(value + 1).getBytes(StandardCharsets.UTF_8);
            if (store.write(Write.of(key, next, expect, Duration.ofHours(1))) instanceof WriteResult.Written) {
                return conflicts;
            }
        }
    }
}
