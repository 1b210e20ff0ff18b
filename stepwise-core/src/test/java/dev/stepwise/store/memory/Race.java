package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writer threads racing reader threads in one test, each thread's failure recorded. Readers run
 * until {@link #writersDone()}; {@link #run()} starts them all and fails with the first failure.
 */
final class Race {

    private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
    private final List<Thread> writers = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final AtomicBoolean writersDone = new AtomicBoolean();

    void writer(Runnable body) {
        writers.add(recording(body));
    }

    void reader(Runnable body) {
        readers.add(recording(body));
    }

    /** Whether every writer has finished: a reader's cue to stop. */
    boolean writersDone() {
        return writersDone.get();
    }

    /** Whether a thread has failed already: a writer's cue to stop early. */
    boolean failed() {
        return !failures.isEmpty();
    }

    /** Starts the readers, then the writers; waits for the writers, then for the readers. */
    void run() throws InterruptedException {
        readers.forEach(Thread::start);
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            writer.join();
        }
        writersDone.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertTrue(failures.isEmpty(), () -> failures.values().iterator().next().toString());
    }

    private Thread recording(Runnable body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.put(Thread.currentThread().getName(), e);
            }
        });
    }
}
