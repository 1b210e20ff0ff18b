package dev.stepwise.store.file;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.RecordKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping of a file store directory: removes expired records and their logs, logs left
 * without a record by a crashed delete, and temp files left by crashed writers.
 *
 * <p>Temp files are removed only once older than {@link #TEMP_MAX_AGE} by their modification time,
 * so a temp file another process is writing right now is never touched. Records and logs are
 * removed under the record's lock after checking again, so a concurrent writer is never undone.
 */
final class FileStoreSweeper {

    /** A temp file older than this belongs to a writer that crashed (a write takes milliseconds). */
    static final Duration TEMP_MAX_AGE = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(FileStoreSweeper.class);

    private final FileStore store;

    FileStoreSweeper(FileStore store) {
        this.store = store;
    }

    void sweepQuietly() {
        try {
            sweep();
        } catch (IOException | RuntimeException e) {
            if (store.isClosed()) {
                LOG.debug(
                        "file store sweep of {} stopped by close: {}",
                        store.layout().directory(),
                        e.toString());
                return;
            }
            LOG.warn(
                    "file store sweep of {} failed; will retry: {}",
                    store.layout().directory(),
                    e.toString(),
                    e);
        }
    }

    void sweep() throws IOException {
        removeOrphanTemps(TEMP_MAX_AGE);
        Instant now = store.clock().instant();
        for (RecordKind kind : RecordKind.values()) {
            for (Path entry : entries(store.layout().kindDirectory(kind))) {
                String fileName = entry.getFileName().toString();
                if (fileName.startsWith(DurableFiles.TEMP_PREFIX)) {
                    continue;
                }
                if (fileName.endsWith(store.layout().extension())) {
                    sweepRecord(
                            kind,
                            fileName.substring(
                                    0,
                                    fileName.length()
                                            - store.layout().extension().length()),
                            now);
                } else if (fileName.endsWith(Layout.LOG_SUFFIX)) {
                    sweepLog(kind, fileName.substring(0, fileName.length() - Layout.LOG_SUFFIX.length()), now);
                }
            }
        }
    }

    /** Deletes temp files older than {@code maxAge} in every kind directory. */
    void removeOrphanTemps(Duration maxAge) throws IOException {
        long cutoff = System.currentTimeMillis() - maxAge.toMillis();
        for (RecordKind kind : RecordKind.values()) {
            for (Path entry : entries(store.layout().kindDirectory(kind))) {
                String fileName = entry.getFileName().toString();
                if (!fileName.startsWith(DurableFiles.TEMP_PREFIX) || !fileName.endsWith(DurableFiles.TEMP_SUFFIX)) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(entry).toMillis() < cutoff) {
                        Files.deleteIfExists(entry);
                        LOG.info(
                                "removed orphan temp file {} left by a crashed writer",
                                store.layout().location(entry));
                    }
                } catch (NoSuchFileException e) {
                    // renamed or removed meanwhile by its writer or another sweeper: nothing to do
                }
            }
        }
    }

    private void sweepRecord(RecordKind kind, String name, Instant now) throws IOException {
        Path file = store.layout().recordFile(kind, name);
        if (!expired(file, now)) {
            return;
        }
        store.locks().withLock(kind, name, () -> {
            if (expired(file, store.clock().instant())) {
                store.records().remove(kind, name);
            }
            return null;
        });
    }

    private void sweepLog(RecordKind kind, String name, Instant now) throws IOException {
        store.locks().withLock(kind, name, () -> {
            Path file = store.layout().recordFile(kind, name);
            Envelope envelope = envelope(file);
            if (envelope == null && !Files.exists(file)) {
                DurableFiles.deleteTree(store.layout().logRoot(kind, name));
            } else if (envelope != null && !envelope.liveAt(store.clock().instant())) {
                store.records().remove(kind, name);
            } else if (envelope != null) {
                // generations no envelope names: a crashed compaction's copy, or a replaced one
                for (Path entry : entries(store.layout().logRoot(kind, name))) {
                    if (!ItemLog.generationOf(entry.getFileName().toString())
                            .equals(envelope.log().generation())) {
                        DurableFiles.deleteTree(entry);
                    }
                }
            }
            return null;
        });
    }

    private boolean expired(Path file, Instant now) throws IOException {
        Envelope envelope = envelope(file);
        return envelope != null && !envelope.liveAt(now);
    }

    /** The envelope in {@code file}; null when missing or unreadable (corrupt files are left for people to inspect). */
    private Envelope envelope(Path file) throws IOException {
        try {
            return Envelope.parse(Files.readAllBytes(file), store.layout().location(file));
        } catch (NoSuchFileException | CorruptRecordException e) {
            return null;
        }
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> stream = Files.list(directory)) {
            return stream.toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
