package dev.stepwise.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The durable file operations the file store is built from: fsync'd writes and atomic replacement. */
final class DurableFiles {

    /** Temp files start with this, so they never look like records (encoded names never start with a dot). */
    static final String TEMP_PREFIX = ".";

    static final String TEMP_SUFFIX = ".tmp";

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private DurableFiles() {}

    /**
     * Replaces {@code target} with {@code bytes} so that readers see either the old or the new
     * content, never a mix, and the new content survives a crash once this returns: write a temp
     * file beside it, fsync it, rename it over the target atomically, fsync the directory.
     */
    static void replace(Path target, byte[] bytes) throws IOException {
        Path directory = target.getParent();
        // unique among this record's writers, who hold its lock anyway: no need for SecureRandom's
        // synchronized reads of the OS entropy source on every write
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Path temp = directory.resolve(TEMP_PREFIX + target.getFileName() + "." + random + TEMP_SUFFIX);
        try {
            write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(
                        "the file system of " + directory + " cannot rename atomically; "
                                + "the file store needs a local file system",
                        e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(directory);
    }

    /** Writes (creating or truncating) {@code file} and fsyncs it; no atomicity. */
    static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes the directory's entries (creations, renames, deletions) durable. */
    static void syncDirectory(Path directory) throws IOException {
        if (WINDOWS) {
            return; // directories cannot be opened for fsync there; NTFS journals metadata itself
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Creates {@code directory} and any missing parents, making each creation durable. */
    static void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
            return;
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }

    /** Deletes a file tree bottom-up; missing entries are fine (another cleaner may race). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(root)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteTree(child);
                }
            } catch (NoSuchFileException e) {
                return;
            }
        }
        Files.deleteIfExists(root);
    }
}
