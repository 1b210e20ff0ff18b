package dev.stepwise.store.file;

import dev.stepwise.store.RecordKind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion for the writers of one record, across threads, store instances and processes.
 *
 * <p>Records hash onto {@value #STRIPES} stripes. A stripe is held by taking, in order:
 * <ol>
 *   <li>a {@link ReentrantLock} shared by every store instance in this JVM that opened the same
 *       directory (keyed by its real path), because file locks belong to the whole JVM and a second
 *       lock on the same region from this JVM would throw {@code OverlappingFileLockException};</li>
 *   <li>an exclusive {@link FileChannel#lock()} on the stripe's own lock file
 *       {@code .locks/NN.lock}, which excludes other processes.</li>
 * </ol>
 * The lock file's channel is opened for one operation and closed after it. Since the JVM lock is
 * held meanwhile, no other channel of this JVM is open on that lock file, which avoids the POSIX
 * rule that closing any descriptor of a file drops all of the process's locks on it; and a thread
 * interrupted while waiting only closes its own channel, never a lock another thread holds.
 */
final class FileStoreLocks {

    static final int STRIPES = 64;

    private static final ConcurrentMap<String, ReentrantLock[]> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path lockDirectory;
    private final Path[] lockFiles = new Path[STRIPES];
    private final ReentrantLock[] jvmLocks;

    FileStoreLocks(Path realDirectory) throws IOException {
        this.lockDirectory = realDirectory.resolve(".locks");
        Files.createDirectories(lockDirectory);
        for (int i = 0; i < STRIPES; i++) {
            lockFiles[i] = lockDirectory.resolve((i < 10 ? "0" : "") + i + ".lock");
        }
        this.jvmLocks = JVM_LOCKS.computeIfAbsent(realDirectory.toString(), k -> {
            ReentrantLock[] locks = new ReentrantLock[STRIPES];
            for (int i = 0; i < STRIPES; i++) {
                locks[i] = new ReentrantLock();
            }
            return locks;
        });
    }

    /** Something done while holding a record's lock. */
    interface Locked<T> {
        T run() throws IOException;
    }

    private FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(lockDirectory); // someone removed it while the store was open
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
    }

    /** Runs {@code action} holding the lock of the record file {@code name} of {@code kind}. */
    <T> T withLock(RecordKind kind, String name, Locked<T> action) throws IOException {
        return withLock(FileNames.stripe(kind.label(), name, STRIPES), action);
    }

    /** Runs {@code action} holding the lock of stripe {@code stripe}. */
    <T> T withLock(int stripe, Locked<T> action) throws IOException {
        ReentrantLock jvmLock = jvmLocks[stripe];
        jvmLock.lock();
        try {
            Path file = lockFiles[stripe];
            try (FileChannel channel = open(file)) {
                FileLock lock = lockRetryingFalseDeadlocks(channel);
                try {
                    return action.run();
                } finally {
                    lock.release();
                }
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private static final int DEADLOCK_RETRIES = 200;

    /**
     * Linux detects {@code fcntl} lock cycles per process, not per thread: two processes whose
     * threads wait on different stripes can be told {@code EDEADLK} although no thread waits on
     * itself. Such a refusal holds no lock, so waiting a moment and asking again is safe.
     */
    private static FileLock lockRetryingFalseDeadlocks(FileChannel channel) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return channel.lock();
            } catch (IOException e) {
                if (attempt >= DEADLOCK_RETRIES
                        || e.getMessage() == null
                        || !e.getMessage().contains("Resource deadlock avoided")) {
                    throw e;
                }
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000, 2_000_000));
            }
        }
    }
}
