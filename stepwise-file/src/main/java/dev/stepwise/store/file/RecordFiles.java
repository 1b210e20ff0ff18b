package dev.stepwise.store.file;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Record files: reading a record's envelope (checking the full id inside, since names may be
 * hashed) and removing a record with its log. Reads take no lock (envelopes are replaced
 * atomically); {@link #remove} is called holding the record's lock.
 */
record RecordFiles(Layout layout) {

    /** The envelope at {@code key}, or null when there is no file; checks the id inside. */
    Envelope load(StoreKey key) throws IOException {
        return load(layout.recordFile(key.kind(), FileNames.encode(key.id())), key.id());
    }

    /** The envelope in {@code file}, or null when there is no file; checks that it holds {@code id}. */
    Envelope load(Path file, String id) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        Envelope envelope = Envelope.parse(bytes, () -> layout.location(file));
        if (!envelope.id().equals(id)) {
            throw new CorruptRecordException(
                    layout.location(file), "the file holds another id (a hash collision or a moved file)");
        }
        return envelope;
    }

    /** Like {@link #load(StoreKey)}, but an unconditional write or delete may replace a corrupt file. */
    Envelope loadForUpdate(StoreKey key, Expect expect) throws IOException {
        try {
            return load(key);
        } catch (CorruptRecordException e) {
            if (expect instanceof Expect.Any) {
                return null;
            }
            throw e;
        }
    }

    /** Removes a record's envelope, then its log. Call holding the record's lock. */
    void remove(RecordKind kind, String name) throws IOException {
        Path file = layout.recordFile(kind, name);
        if (Files.deleteIfExists(file)) {
            DurableFiles.syncDirectory(file.getParent());
        }
        DurableFiles.deleteTree(layout.logRoot(kind, name));
    }

    /** The record as callers see it (a copy of the value). */
    static Stored stored(StoreKey key, Envelope envelope) {
        return new Stored(
                key,
                envelope.value().clone(),
                envelope.version(),
                envelope.attributes(),
                envelope.updatedAt(),
                envelope.expiresAt());
    }
}
