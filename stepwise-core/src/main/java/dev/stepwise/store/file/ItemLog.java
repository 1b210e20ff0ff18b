package dev.stepwise.store.file;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.file.Envelope.LogExtent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One generation of a record's item log: a file per item named by its seq, and an index file of
 * 8-byte seqs in append order. Appending writes the new item files and index entries, nothing
 * else, so its cost does not depend on the log's length; a window is found by binary search in
 * the index and reads only the items it returns.
 *
 * <p>Only index positions in {@code [from, count)} of the record's {@link LogExtent} are
 * committed. Anything beyond {@code count} was written by a writer that crashed before committing
 * its envelope; the next append truncates it and overwrites its item files.
 */
final class ItemLog {

    private final Path directory;
    private final Layout layout;
    private final boolean pretty;

    ItemLog(Path directory, Layout layout, boolean pretty) {
        this.directory = directory;
        this.layout = layout;
        this.pretty = pretty;
    }

    /**
     * Writes items and their index entries durably (but uncommitted: the caller commits by writing
     * the envelope holding the returned extent).
     */
    LogExtent append(LogExtent extent, List<Item> items) throws IOException {
        if (items.isEmpty()) {
            return extent;
        }
        if (!Files.isDirectory(directory)) {
            DurableFiles.createDirectories(directory);
        }
        ByteBuffer index = ByteBuffer.allocate(items.size() * Long.BYTES);
        for (Item item : items) {
            DurableFiles.write(directory.resolve(Layout.itemFileName(item.seq())), encode(item));
            index.putLong(item.seq());
        }
        index.flip();
        try (FileChannel channel = FileChannel.open(directory.resolve(Layout.INDEX),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.truncate(extent.count() * Long.BYTES);
            long position = extent.count() * Long.BYTES;
            while (index.hasRemaining()) {
                position += channel.write(index, position);
            }
            channel.force(true);
        }
        DurableFiles.syncDirectory(directory);
        return new LogExtent(extent.generation(), extent.from(), extent.count() + items.size(),
                items.get(items.size() - 1).seq());
    }

    /**
     * Reads a window of committed items.
     *
     * @throws NoSuchFileException when a file vanished under the reader (a concurrent trim or
     *                             delete); the caller re-reads the envelope and tries again
     */
    List<Item> read(LogExtent extent, ItemWindow window) throws IOException {
        if (extent.count() == extent.from()) {
            return List.of();
        }
        try (FileChannel index = FileChannel.open(directory.resolve(Layout.INDEX), StandardOpenOption.READ)) {
            long start;
            if (window.last()) {
                start = Math.max(extent.from(), extent.count() - window.limit());
            } else {
                start = firstPositionAbove(index, extent, window.afterSeq());
            }
            long end = Math.min(extent.count(), start + window.limit());
            List<Item> items = new ArrayList<>((int) (end - start));
            for (long seq : seqs(index, start, end)) {
                items.add(readItem(seq));
            }
            return items;
        }
    }

    /** The first committed index position whose seq is at least {@code seq} ({@code count} if none). */
    long firstPositionAtLeast(LogExtent extent, long seq) throws IOException {
        if (extent.count() == extent.from()) {
            return extent.count();
        }
        try (FileChannel index = FileChannel.open(directory.resolve(Layout.INDEX), StandardOpenOption.READ)) {
            return firstPositionAbove(index, extent, seq - 1);
        }
    }

    /** Deletes the item files at index positions {@code [start, end)}, which are no longer committed. */
    void deleteItems(long start, long end) throws IOException {
        if (start >= end) {
            return;
        }
        long[] seqs;
        try (FileChannel index = FileChannel.open(directory.resolve(Layout.INDEX), StandardOpenOption.READ)) {
            seqs = seqs(index, start, end);
        }
        for (long seq : seqs) {
            Files.deleteIfExists(directory.resolve(Layout.itemFileName(seq)));
        }
    }

    private long firstPositionAbove(FileChannel index, LogExtent extent, long afterSeq) throws IOException {
        long lo = extent.from();
        long hi = extent.count();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (seqAt(index, mid) > afterSeq) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private long seqAt(FileChannel index, long position) throws IOException {
        return seqs(index, position, position + 1)[0];
    }

    private long[] seqs(FileChannel index, long start, long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) (end - start) * Long.BYTES);
        long offset = start * Long.BYTES;
        while (buffer.hasRemaining()) {
            int n = index.read(buffer, offset + buffer.position());
            if (n < 0) {
                throw new CorruptRecordException(layout.location(directory.resolve(Layout.INDEX)),
                        "item index is shorter than its record says (" + (end * Long.BYTES) + " bytes expected)");
            }
        }
        buffer.flip();
        long[] seqs = new long[(int) (end - start)];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = buffer.getLong();
        }
        return seqs;
    }

    private byte[] encode(Item item) {
        ObjectNode node = Json.object();
        node.put("seq", item.seq());
        node.put("kind", item.kind());
        node.put("at", item.at().toString());
        node.put("payload", Base64.getEncoder().encodeToString(item.payload()));
        return pretty ? Json.pretty(node).getBytes(StandardCharsets.UTF_8) : Json.bytes(node);
    }

    private Item readItem(long seq) throws IOException {
        Path file = directory.resolve(Layout.itemFileName(seq));
        byte[] bytes = Files.readAllBytes(file);
        try {
            ObjectNode node = Json.parseObject(bytes);
            long stored = Envelope.integer(node, "seq");
            if (stored != seq) {
                throw new IllegalArgumentException("item file holds seq " + stored);
            }
            return new Item(seq, Envelope.text(node, "kind"), Instant.parse(Envelope.text(node, "at")),
                    Base64.getDecoder().decode(Envelope.text(node, "payload")));
        } catch (JsonException | IllegalArgumentException | DateTimeParseException e) {
            throw new CorruptRecordException(layout.location(file), e.getMessage(), e);
        }
    }
}
