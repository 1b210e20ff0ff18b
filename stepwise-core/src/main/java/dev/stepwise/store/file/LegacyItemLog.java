package dev.stepwise.store.file;

import dev.stepwise.json.IsoInstants;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.file.Envelope.LogExtent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One generation of an item log in the previous release's layout, read (never written) so that its
 * stores keep working: a file per item named by its seq, and an index file of 8-byte seqs in append
 * order. A window is found by binary search in the index and reads only the items it returns. The
 * first write or trim of such a record copies its live items into a generation of the current
 * layout ({@link ItemLog}).
 *
 * <p>Only index positions in {@code [from, count)} of the record's {@link LogExtent} are committed.
 */
final class LegacyItemLog {

    /** The seq index: 8 bytes per item, in append order. */
    static final String INDEX = "index";

    private final Path directory;
    private final Layout layout;

    LegacyItemLog(Path directory, Layout layout) {
        this.directory = directory;
        this.layout = layout;
    }

    /**
     * The items at positions {@code [fromPosition, count)}, for copying into a generation of the
     * current layout. Call holding the record's lock: nothing removes them meanwhile, so a missing
     * file is a damaged record.
     */
    List<Item> readAll(LogExtent extent, long fromPosition) throws IOException {
        if (extent.count() == fromPosition) {
            return List.of();
        }
        try (FileChannel index = FileChannel.open(directory.resolve(INDEX), StandardOpenOption.READ)) {
            List<Item> items = new ArrayList<>((int) (extent.count() - fromPosition));
            for (long seq : seqs(index, fromPosition, extent.count())) {
                items.add(readItem(seq));
            }
            return items;
        } catch (NoSuchFileException e) {
            throw new CorruptRecordException(layout.location(Path.of(e.getFile())), "item log file missing", e);
        }
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
        try (FileChannel index = FileChannel.open(directory.resolve(INDEX), StandardOpenOption.READ)) {
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
        try (FileChannel index = FileChannel.open(directory.resolve(INDEX), StandardOpenOption.READ)) {
            return firstPositionAbove(index, extent, seq - 1);
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
                throw new CorruptRecordException(layout.location(directory.resolve(INDEX)),
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

    private Item readItem(long seq) throws IOException {
        Path file = directory.resolve(itemFileName(seq));
        byte[] bytes = Files.readAllBytes(file);
        try {
            ObjectNode node = Json.parseObject(bytes);
            long stored = Envelope.integer(node, "seq");
            if (stored != seq) {
                throw new IllegalArgumentException("item file holds seq " + stored);
            }
            return new Item(seq, Envelope.text(node, "kind"), IsoInstants.parse(Envelope.text(node, "at")),
                    Base64.getDecoder().decode(Envelope.text(node, "payload")));
        } catch (JsonException | IllegalArgumentException | DateTimeParseException e) {
            throw new CorruptRecordException(layout.location(file), e.getMessage(), e);
        }
    }

    /** {@code %019d.item} without {@code String.format}'s locale lookups. */
    static String itemFileName(long seq) {
        String digits = Long.toString(seq);
        return "0".repeat(Math.max(0, 19 - digits.length())) + digits + ".item";
    }
}
