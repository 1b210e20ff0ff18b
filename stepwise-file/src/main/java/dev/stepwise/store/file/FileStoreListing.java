package dev.stepwise.store.file;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Cursors;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Listing of a file store: reads the kind's directory, decodes the record file names (reading the
 * envelope only for hashed names), orders the ids after the cursor and reads envelopes in that order
 * until the page is full. Fine for thousands of records, not for millions. Takes no lock: envelopes
 * are replaced atomically.
 */
final class FileStoreListing {

    private final FileStore store;

    FileStoreListing(FileStore store) {
        this.store = store;
    }

    /** One page of {@code query}. */
    Page list(ListQuery query) {
        Layout layout = store.layout();
        String afterId = Cursors.lastId(query.cursor());
        Path kindDirectory = layout.kindDirectory(query.kind());
        List<Page.Unreadable> unreadable = new ArrayList<>();
        TreeMap<String, Candidate> candidates = new TreeMap<>();
        try (Stream<Path> files = Files.list(kindDirectory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                if (fileName.startsWith(DurableFiles.TEMP_PREFIX) || !fileName.endsWith(layout.extension())) {
                    continue;
                }
                String name = fileName.substring(
                        0, fileName.length() - layout.extension().length());
                Candidate candidate = candidate(layout, file, name, afterId == null, unreadable);
                if (candidate != null
                        && candidate.id.startsWith(query.prefix())
                        && (afterId == null || candidate.id.compareTo(afterId) > 0)) {
                    candidates.put(candidate.id, candidate);
                }
            }
        } catch (NoSuchFileException e) {
            return new Page(List.of(), List.of(), null);
        } catch (IOException | UncheckedIOException e) {
            throw new StoreUnavailableException("file store cannot list " + kindDirectory + ": " + e.getMessage(), e);
        }
        Instant now = store.clock().instant();
        List<Stored> records = new ArrayList<>();
        for (Candidate candidate : candidates.values()) {
            Envelope envelope;
            try {
                envelope = candidate.envelope != null
                        ? candidate.envelope
                        : store.records().load(candidate.file, candidate.id);
            } catch (CorruptRecordException e) {
                unreadable.add(new Page.Unreadable(e.location(), e.getMessage()));
                continue;
            } catch (IOException e) {
                throw new StoreUnavailableException(
                        "file store cannot read " + candidate.file + ": " + e.getMessage(), e);
            }
            if (envelope == null
                    || !envelope.liveAt(now)
                    || !query.matches(envelope.attributes(), envelope.updatedAt())) {
                continue;
            }
            if (records.size() == query.limit()) {
                return new Page(
                        records,
                        unreadable,
                        Cursors.after(records.get(records.size() - 1).key().id()));
            }
            records.add(RecordFiles.stored(new StoreKey(query.kind(), candidate.id), envelope));
        }
        return new Page(records, unreadable, null);
    }

    /** A listed record file with its id; hashed names need their envelope read for the id. */
    private record Candidate(String id, Path file, Envelope envelope) {}

    private static Candidate candidate(
            Layout layout, Path file, String name, boolean firstPage, List<Page.Unreadable> unreadable) {
        String location = layout.location(file);
        if (!FileNames.hashed(name)) {
            try {
                return new Candidate(FileNames.decode(name), file, null);
            } catch (IllegalArgumentException e) {
                if (firstPage) {
                    unreadable.add(new Page.Unreadable(location, "not a record file name: " + e.getMessage()));
                }
                return null;
            }
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            Envelope envelope = Envelope.parse(bytes, location);
            if (!FileNames.encode(envelope.id()).equals(name)) {
                throw new CorruptRecordException(location, "the id inside does not match the file name");
            }
            return new Candidate(envelope.id(), file, envelope);
        } catch (NoSuchFileException e) {
            return null;
        } catch (CorruptRecordException e) {
            if (firstPage) {
                unreadable.add(new Page.Unreadable(e.location(), e.getMessage()));
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
