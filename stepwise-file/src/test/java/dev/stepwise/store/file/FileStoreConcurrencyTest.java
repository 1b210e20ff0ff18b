package dev.stepwise.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.StoreKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compare-and-set between store instances and between processes sharing one directory. */
class FileStoreConcurrencyTest {

    @TempDir
    Path directory;

    private static long counter(FileStore store, StoreKey key) {
        return Long.parseLong(new String(store.read(key).orElseThrow().value(), StandardCharsets.UTF_8));
    }

    @Test
    void twoInstancesInOneJvmNeverLoseAnIncrement() throws Exception {
        StoreKey key = StoreKey.session("counter");
        int perThread = 100;
        try (FileStore a = FileStore.builder(directory)
                        .sweepInterval(Duration.ZERO)
                        .build();
                FileStore b = FileStore.builder(directory)
                        .sweepInterval(Duration.ZERO)
                        .build()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            try {
                for (FileStore store : List.of(a, b, a, b)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        int conflicts = 0;
                        for (int i = 0; i < perThread; i++) {
                            conflicts += CounterProcess.increment(store, key);
                        }
                        return conflicts;
                    }));
                }
                start.countDown();
                int conflicts = 0;
                for (Future<Integer> result : results) {
                    conflicts += result.get(5, TimeUnit.MINUTES);
                }
                assertEquals(4L * perThread, counter(a, key));
                assertEquals(4L * perThread, counter(b, key));
                System.out.println("conflicts retried: " + conflicts);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anotherProcessAndThisOneNeverLoseAnIncrement() throws Exception {
        StoreKey key = StoreKey.session("shared counter");
        int perProcess = 150;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CounterProcess.class.getName(),
                        directory.toString(),
                        key.id(),
                        Integer.toString(perProcess))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (FileStore store = FileStore.builder(directory)
                        .sweepInterval(Duration.ZERO)
                        .build();
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine());
            OutputStream in = child.getOutputStream();
            in.write('\n');
            in.flush();
            for (int i = 0; i < perProcess; i++) {
                CounterProcess.increment(store, key);
            }
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the other process did not finish");
            assertEquals(0, child.exitValue());
            assertEquals("done", out.readLine());
            assertEquals(2L * perProcess, counter(store, key));
        } finally {
            child.destroyForcibly();
        }
    }
}
