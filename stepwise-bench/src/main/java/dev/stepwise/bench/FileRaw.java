package dev.stepwise.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The raw file baseline, with the durability and exclusion a crash-safe compare-and-set on files
 * needs and nothing more. A record is one file (version, expiry, value). A write takes a striped
 * JVM lock and an exclusive lock on the stripe's lock file (other processes), reads the version,
 * appends the items to the record's log file and fsyncs it, then writes a temp file, fsyncs it,
 * renames it over the record atomically and fsyncs the directory. A read is one file read.
 */
final class FileRaw implements RawStore {

    private static final int STRIPES = 64;

    private final Path directory;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    FileRaw(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory.resolve("locks"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    private static String name(String id) {
        return id.replace(':', '_');
    }

    @Override
    public RawRecord read(String id) {
        try {
            byte[] bytes = Files.readAllBytes(directory.resolve(name(id)));
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long version = buffer.getLong();
            long expiresAt = buffer.getLong();
            if (expiresAt <= System.currentTimeMillis()) {
                return null;
            }
            byte[] value = new byte[buffer.remaining()];
            buffer.get(value);
            return new RawRecord(version, value);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean write(String id, long expectVersion, byte[] value, Duration ttl, long firstSeq, List<byte[]> items) {
        String name = name(id);
        int stripe = Math.floorMod(name.hashCode(), STRIPES);
        locks[stripe].lock();
        try (FileChannel lockFile = FileChannel.open(
                        directory.resolve("locks").resolve(stripe + ".lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            RawRecord current = read(id);
            if ((current == null ? -1 : current.version()) != expectVersion) {
                return false;
            }
            if (!items.isEmpty()) {
                try (FileChannel log = FileChannel.open(
                        directory.resolve(name + ".log"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    long seq = firstSeq;
                    for (byte[] item : items) {
                        ByteBuffer entry = ByteBuffer.allocate(12 + item.length)
                                .putLong(seq++)
                                .putInt(item.length)
                                .put(item);
                        entry.flip();
                        while (entry.hasRemaining()) {
                            log.write(entry);
                        }
                    }
                    log.force(true);
                }
            }
            ByteBuffer record = ByteBuffer.allocate(16 + value.length)
                    .putLong(expectVersion + 1)
                    .putLong(System.currentTimeMillis() + ttl.toMillis())
                    .put(value);
            record.flip();
            Path temp = directory.resolve(
                    "." + name + "." + ThreadLocalRandom.current().nextLong() + ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (record.hasRemaining()) {
                    out.write(record);
                }
                out.force(true);
            }
            Files.move(
                    temp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            locks[stripe].unlock();
        }
    }

    @Override
    public String describe() {
        return "striped JVM lock + lock-file lock; read record file, compare version; append items to the record's"
                + " log file + fsync; temp file + fsync + atomic rename + directory fsync (2 file fsyncs, 1 directory"
                + " fsync)";
    }

    @Override
    public void close() {}
}
