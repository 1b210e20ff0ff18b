package dev.stepwise.store.file;

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
import java.util.ArrayList;
import java.util.List;

/**
 * One generation of a record's item log: an append-only data file of {@link ItemFrames} (one JSON
 * line per item) and an {@link OffsetIndex}, a cache of (seq, byte offset) per position.
 *
 * <p><b>Authority.</b> Only the data file's first {@link LogExtent#length()} bytes are committed,
 * and they hold exactly {@link LogExtent#count()} frames. Bytes past them were written by a writer
 * that crashed before committing its envelope; the next append truncates and overwrites them. An
 * append is one write and one {@code fdatasync} of the data file, plus the directory fsyncs when the
 * generation's file is first created.
 *
 * <p><b>The index is a cache</b>, written after the data and never fsync'd: 16 bytes per position
 * (seq, offset). Every use is checked against the data file (an entry must point inside the
 * committed bytes at a frame carrying its seq, a window must hold exactly the frames the positions
 * say, a window's start must follow a frame of a lower seq), so a short, stale or garbled index
 * (after a power loss, say) is noticed; the reader then scans the data file instead and drops the
 * index, and the next writer, holding the record's lock, rebuilds it. So a turn costs the same
 * at any log length, and a window reads only its own frames.
 */
final class ItemLog {

    /** Suffix of the data file {@code GENERATION.jsonl}: JSON Lines, one frame per item. */
    static final String DATA = ".jsonl";

    /** Suffix of the offset index cache {@code GENERATION.offsets}: (seq, offset) as two big-endian longs per position. */
    static final String OFFSETS = ".offsets";

    private static final int SCAN_CHUNK = 1 << 20;

    private final Path directory;
    private final Path data;
    private final Path offsets;
    private final Layout layout;

    /** The generation {@code generation} of the log in {@code directory} (a record's {@code NAME.items}). */
    ItemLog(Path directory, String generation, Layout layout) {
        this.directory = directory;
        this.data = directory.resolve(generation + DATA);
        this.offsets = directory.resolve(generation + OFFSETS);
        this.layout = layout;
    }

    /** The generation a log directory entry belongs to: its name up to the first dot. */
    static String generationOf(String fileName) {
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    /** Removes this generation's files, once no committed envelope names it. */
    void delete() throws IOException {
        Files.deleteIfExists(data);
        Files.deleteIfExists(offsets);
    }

    /**
     * Appends items durably, uncommitted: the caller commits by writing the envelope holding the
     * returned extent. Call holding the record's lock.
     */
    LogExtent append(LogExtent extent, List<Item> items) throws IOException {
        if (items.isEmpty()) {
            return extent;
        }
        long[] starts = new long[items.size()];
        byte[] frames = ItemFrames.encode(items, starts);
        boolean first = extent.length() == 0;
        if (first) {
            Files.createDirectories(directory); // made durable below, with the file's name
        }
        try (FileChannel channel = first
                ? FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < extent.length()) {
                throw corrupt(data, "item log is " + size + " bytes, shorter than its committed " + extent.length());
            }
            if (size > extent.length()) {
                channel.truncate(extent.length()); // an uncommitted tail of a crashed writer
            }
            ByteBuffer buffer = ByteBuffer.wrap(frames);
            long position = extent.length();
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            // fdatasync: the appended bytes and the new size are durable, which is all a reader needs
            channel.force(false);
            if (first) {
                syncDirectories(directory);
            }
            updateIndex(channel, extent, items, starts);
        } catch (NoSuchFileException e) {
            if (!e.getFile().equals(data.toString())) {
                throw e;
            }
            throw corrupt(data, "item log file missing although " + extent.length() + " bytes are committed");
        }
        long count = extent.count() + items.size();
        // fromOffset stays: with no live item it was length, where the new items start
        return new LogExtent(
                extent.generation(),
                extent.from(),
                count,
                items.get(items.size() - 1).seq(),
                extent.fromOffset(),
                extent.length() + frames.length);
    }

    /**
     * Copies the live items of {@code extent} (from this generation) into the empty generation
     * {@code target}, durably but uncommitted. Call holding the record's lock.
     */
    LogExtent copyLiveTo(LogExtent extent, ItemLog target, String generation) throws IOException {
        long live = extent.count() - extent.from();
        long bytes = extent.length() - extent.fromOffset();
        if (live == 0) {
            return LogExtent.empty(generation, extent.lastSeq());
        }
        Files.createDirectories(target.directory); // made durable below, with the file's name
        try (FileChannel in = FileChannel.open(data, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(
                        target.data,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            long done = 0;
            while (done < bytes) {
                long n = in.transferTo(extent.fromOffset() + done, bytes - done, out);
                if (n <= 0) {
                    throw corrupt(data, "item log ended before its committed " + extent.length() + " bytes");
                }
                done += n;
            }
            out.force(false);
        }
        syncDirectories(target.directory);
        LogExtent copied = new LogExtent(generation, 0, live, extent.lastSeq(), 0, bytes);
        target.writeIndex(target.scan(copied), 0, live);
        return copied;
    }

    /**
     * Reads a window of committed items.
     *
     * @throws NoSuchFileException when the data file vanished under the reader (a concurrent
     *                             compaction or delete); the caller re-reads the envelope and tries again
     */
    List<Item> read(LogExtent extent, ItemWindow window) throws IOException {
        if (extent.count() == extent.from() || (!window.last() && window.afterSeq() >= extent.lastSeq())) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
            try (OffsetIndex index = OffsetIndex.OnDisk.open(offsets, extent)) {
                if (index != null) {
                    return read(channel, index, extent, window);
                }
            } catch (OffsetIndex.Inconsistent e) {
                dropIndex();
            }
            return read(channel, scan(channel, extent), extent, window);
        } catch (OffsetIndex.Inconsistent e) {
            throw corrupt(data, e.getMessage());
        }
    }

    /**
     * The first committed position whose seq is at least {@code seq}, and its byte offset
     * ({@code count} and {@code length} if none).
     */
    Located firstAtLeast(LogExtent extent, long seq) throws IOException {
        if (seq <= 1) {
            return new Located(extent.from(), extent.fromOffset()); // seqs start at 1
        }
        if (extent.count() == extent.from() || seq - 1 >= extent.lastSeq()) {
            return new Located(extent.count(), extent.length());
        }
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
            try (OffsetIndex index = OffsetIndex.OnDisk.open(offsets, extent)) {
                if (index != null) {
                    return locate(channel, index, extent, seq - 1);
                }
            } catch (OffsetIndex.Inconsistent e) {
                dropIndex();
            }
            return locate(channel, scan(channel, extent), extent, seq - 1);
        } catch (OffsetIndex.Inconsistent e) {
            throw corrupt(data, e.getMessage());
        }
    }

    /** A position in the log and the byte offset of its frame. */
    record Located(long position, long offset) {}

    private List<Item> read(FileChannel channel, OffsetIndex index, LogExtent extent, ItemWindow window)
            throws IOException {
        long start;
        long startOffset;
        if (window.last()) {
            start = Math.max(extent.from(), extent.count() - window.limit());
            startOffset = start == extent.from() ? extent.fromOffset() : index.offset(start);
        } else {
            Located located = locate(channel, index, extent, window.afterSeq());
            start = located.position();
            startOffset = located.offset();
        }
        long end = Math.min(extent.count(), start + window.limit());
        if (end == start) {
            return List.of();
        }
        long endOffset = end == extent.count() ? extent.length() : index.offset(end);
        if (endOffset <= startOffset || endOffset > extent.length()) {
            throw new OffsetIndex.Inconsistent("offset index entry " + end + " points outside the window");
        }
        byte[] bytes = readRange(channel, startOffset, endOffset);
        List<Item> items = new ArrayList<>((int) (end - start));
        int at = 0;
        for (long position = start; position < end; position++) {
            int newline = newline(bytes, at);
            if (newline < 0) {
                throw new OffsetIndex.Inconsistent(
                        "window of positions " + start + ".." + end + " ends inside a frame");
            }
            long seq = ItemFrames.seq(bytes, at, newline);
            if (seq <= 0
                    || (position == start && !window.last() && seq <= window.afterSeq())
                    || (!items.isEmpty() && seq <= items.get(items.size() - 1).seq())) {
                throw new OffsetIndex.Inconsistent("no frame of a rising seq at offset " + (startOffset + at));
            }
            try {
                items.add(ItemFrames.decode(bytes, at, newline, seq));
            } catch (IllegalArgumentException e) {
                // the frame starts like one but is not: the data itself is damaged, not the cache
                throw corrupt(data, "frame at offset " + (startOffset + at) + ": " + e.getMessage());
            }
            at = newline + 1;
        }
        if (at != bytes.length) {
            throw new OffsetIndex.Inconsistent("window of positions " + start + ".." + end + " holds more frames");
        }
        return items;
    }

    /** The first live position whose seq is above {@code afterSeq}, checked against the data file. */
    private Located locate(FileChannel channel, OffsetIndex index, LogExtent extent, long afterSeq) throws IOException {
        long lo = extent.from();
        long hi = extent.count();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (index.seq(mid) > afterSeq) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (lo == extent.count()) {
            if (extent.lastSeq() > afterSeq) {
                throw new OffsetIndex.Inconsistent(
                        "offset index has no seq above " + afterSeq + " but the log ends at " + extent.lastSeq());
            }
            return new Located(lo, extent.length());
        }
        long offset = lo == extent.from() ? extent.fromOffset() : index.offset(lo);
        long previous = lo == extent.from() ? offset : index.offset(lo - 1);
        if (previous < extent.fromOffset() || offset < previous || offset >= extent.length()) {
            throw new OffsetIndex.Inconsistent(
                    "offset index entries " + (lo - 1) + ".." + lo + " point outside the log");
        }
        // the proof the index is right here: the frame before ends exactly where a frame above afterSeq starts
        byte[] bytes = readRange(channel, previous, Math.min(extent.length(), offset + ItemFrames.HEADER_BYTES));
        int at = (int) (offset - previous);
        if (at > 0) {
            long before = ItemFrames.seq(bytes, 0, at);
            if (before <= 0 || before > afterSeq || before != index.seq(lo - 1) || newline(bytes, 0) != at - 1) {
                throw new OffsetIndex.Inconsistent("offset index entry " + (lo - 1) + " does not match the log");
            }
        }
        long seq = ItemFrames.seq(bytes, at, bytes.length);
        if (seq <= afterSeq || (lo != extent.from() && seq != index.seq(lo))) {
            throw new OffsetIndex.Inconsistent("offset index entry " + lo + " does not match the log");
        }
        return new Located(lo, offset);
    }

    /** Every committed frame's seq and offset, read from the data file. */
    private OffsetIndex.Scanned scan(LogExtent extent) throws IOException {
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
            return scan(channel, extent);
        }
    }

    private OffsetIndex.Scanned scan(FileChannel channel, LogExtent extent) throws IOException {
        if (extent.count() > Integer.MAX_VALUE) {
            throw corrupt(data, "item log of " + extent.count() + " items is too long to index");
        }
        OffsetIndex.Scanned entries = new OffsetIndex.Scanned((int) extent.count());
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(SCAN_CHUNK, Math.max(extent.length(), 1)));
        long chunkStart = 0; // file offset of buffer[0]
        long frameStart = 0;
        long lastSeq = 0;
        while (chunkStart + buffer.position() < extent.length()) {
            int room = (int) Math.min(buffer.remaining(), extent.length() - chunkStart - buffer.position());
            ByteBuffer slice = buffer.slice(buffer.position(), room);
            int n = channel.read(slice, chunkStart + buffer.position());
            if (n < 0) {
                throw corrupt(data, "item log is shorter than its committed " + extent.length() + " bytes");
            }
            buffer.position(buffer.position() + n);
            byte[] bytes = buffer.array();
            int limit = buffer.position();
            int at = (int) (frameStart - chunkStart);
            for (int newline = newline(bytes, at, limit); newline >= 0; newline = newline(bytes, at, limit)) {
                long seq = ItemFrames.seq(bytes, at, newline);
                if (seq <= lastSeq || entries.size() == extent.count()) {
                    throw corrupt(
                            data,
                            "no frame of a rising seq at offset " + frameStart + " within the committed "
                                    + extent.length() + " bytes");
                }
                entries.add(seq, frameStart);
                lastSeq = seq;
                frameStart = chunkStart + newline + 1;
                at = newline + 1;
            }
            if (limit == bytes.length) { // keep the unfinished frame, growing the buffer for a long one
                int kept = limit - at;
                ByteBuffer next = kept > bytes.length / 2 ? ByteBuffer.allocate(bytes.length * 2) : buffer;
                System.arraycopy(bytes, at, next.array(), 0, kept);
                next.position(kept);
                buffer = next;
                chunkStart = frameStart;
            }
        }
        if (frameStart != extent.length()
                || entries.size() != extent.count()
                || (extent.count() > 0 && lastSeq != extent.lastSeq())) {
            throw corrupt(
                    data,
                    "the committed " + extent.length() + " bytes hold " + entries.size()
                            + " whole frames up to seq " + lastSeq + ", not the " + extent.count() + " up to seq "
                            + extent.lastSeq() + " its record names");
        }
        return entries;
    }

    /**
     * Appends the new items' index entries, first rebuilding the index from the data file if it is
     * short or its last committed entry does not match. Call holding the record's lock.
     */
    private void updateIndex(FileChannel dataChannel, LogExtent extent, List<Item> items, long[] starts)
            throws IOException {
        long count = extent.count();
        try (FileChannel channel = FileChannel.open(
                offsets, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            boolean valid = count == 0;
            if (!valid && channel.size() >= count * OffsetIndex.ENTRY) {
                try (OffsetIndex index = new OffsetIndex.OnDisk(channel, extent, false)) {
                    long offset = index.offset(count - 1);
                    valid = index.seq(count - 1) == extent.lastSeq() && seqAt(dataChannel, offset) == extent.lastSeq();
                } catch (OffsetIndex.Inconsistent e) {
                    valid = false;
                }
            }
            if (!valid) {
                write(channel, scan(dataChannel, extent), 0, count);
            }
            ByteBuffer buffer = ByteBuffer.allocate(items.size() * OffsetIndex.ENTRY);
            for (int i = 0; i < items.size(); i++) {
                buffer.putLong(items.get(i).seq()).putLong(extent.length() + starts[i]);
            }
            buffer.flip();
            long position = count * OffsetIndex.ENTRY;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.truncate(position); // entries of an uncommitted crashed writer beyond
        }
    }

    private void writeIndex(OffsetIndex.Scanned entries, long from, long to) throws IOException {
        try (FileChannel channel = FileChannel.open(
                offsets, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            write(channel, entries, from, to);
        }
    }

    private static void write(FileChannel channel, OffsetIndex.Scanned entries, long from, long to) throws IOException {
        ByteBuffer buffer =
                ByteBuffer.allocate((int) Math.min(SCAN_CHUNK, Math.max(1, (to - from) * OffsetIndex.ENTRY)));
        long position = from * OffsetIndex.ENTRY;
        for (long i = from; i < to; i++) {
            buffer.putLong(entries.seq(i)).putLong(entries.offset(i));
            if (!buffer.hasRemaining() || i == to - 1) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
                buffer.clear();
            }
        }
    }

    /** The seq of the frame at {@code offset}, or -1 if none starts there within the committed bytes. */
    private long seqAt(FileChannel channel, long offset) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(ItemFrames.HEADER_BYTES);
        while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
            // a frame shorter than the header ends before the file does
        }
        return ItemFrames.seq(buffer.array(), 0, buffer.position());
    }

    /**
     * Makes a new data file's name durable, and the log directory holding it: whether this writer
     * created it or a writer that crashed did, without making it durable.
     */
    private static void syncDirectories(Path logDirectory) throws IOException {
        DurableFiles.syncDirectory(logDirectory);
        DurableFiles.syncDirectory(logDirectory.getParent());
    }

    /** Removes an index found wrong; a writer rebuilds it. Safe against writers: it is only a cache. */
    private void dropIndex() throws IOException {
        Files.deleteIfExists(offsets);
    }

    private byte[] readRange(FileChannel channel, long from, long to) throws IOException {
        if (to - from > Integer.MAX_VALUE - 16) {
            throw new IOException("item window of " + (to - from) + " bytes is too large to read at once");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) (to - from));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                throw corrupt(data, "item log is shorter than its committed bytes (" + to + " expected)");
            }
        }
        return buffer.array();
    }

    private static int newline(byte[] bytes, int from) {
        return newline(bytes, from, bytes.length);
    }

    private static int newline(byte[] bytes, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (bytes[i] == ItemFrames.NEWLINE) {
                return i;
            }
        }
        return -1;
    }

    private CorruptRecordException corrupt(Path file, String message) {
        return new CorruptRecordException(layout.location(file), message);
    }
}
