package dev.stepwise.store.file;

import dev.stepwise.store.file.Envelope.LogExtent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The offset index of an {@link ItemLog} generation: (seq, byte offset) per position. On disk it is
 * a cache ({@code GENERATION.offsets}, never fsync'd), so every entry read from the file is checked
 * against the committed extent and a mismatch is {@link Inconsistent}, not corruption: the log is
 * scanned instead ({@link Scanned}) and the file rebuilt.
 */
interface OffsetIndex extends AutoCloseable {

    /** Bytes per position: seq and offset as two big-endian longs. */
    int ENTRY = 2 * Long.BYTES;

    long seq(long position) throws IOException;

    long offset(long position) throws IOException;

    @Override
    void close() throws IOException;

    /** The offset index found not to match the data file: a cache to rebuild, not a damaged record. */
    final class Inconsistent extends RuntimeException {
        Inconsistent(String message) {
            super(message, null, false, false);
        }
    }

    /** Index entries scanned from the data file: right by construction. */
    final class Scanned implements OffsetIndex {
        private long[] seqs;
        private long[] offsets;
        private int size;

        Scanned(int capacity) {
            seqs = new long[Math.max(capacity, 1)];
            offsets = new long[seqs.length];
        }

        void add(long seq, long offset) {
            if (size == seqs.length) {
                seqs = Arrays.copyOf(seqs, size * 2);
                offsets = Arrays.copyOf(offsets, size * 2);
            }
            seqs[size] = seq;
            offsets[size++] = offset;
        }

        /** How many entries were added. */
        int size() {
            return size;
        }

        @Override
        public long seq(long position) {
            return seqs[(int) position];
        }

        @Override
        public long offset(long position) {
            return offsets[(int) position];
        }

        @Override
        public void close() {}
    }

    /** The index file, read entry by entry; every entry must lie inside the committed extent. */
    final class OnDisk implements OffsetIndex {
        private final FileChannel channel;
        private final LogExtent extent;
        private final boolean owned;
        private final ByteBuffer entry = ByteBuffer.allocate(ENTRY);
        private long cached = -1;

        OnDisk(FileChannel channel, LogExtent extent, boolean owned) {
            this.channel = channel;
            this.extent = extent;
            this.owned = owned;
        }

        /** The index of {@code extent}, or null when there is none or it is too short to hold it. */
        static OnDisk open(Path file, LogExtent extent) throws IOException {
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return null;
            }
            if (channel.size() < extent.count() * ENTRY) {
                channel.close();
                return null;
            }
            return new OnDisk(channel, extent, true);
        }

        @Override
        public long seq(long position) throws IOException {
            load(position);
            return entry.getLong(0);
        }

        @Override
        public long offset(long position) throws IOException {
            load(position);
            long offset = entry.getLong(Long.BYTES);
            if (offset < 0 || offset >= extent.length()) {
                throw new Inconsistent("offset index entry " + position + " points outside the log");
            }
            return offset;
        }

        private void load(long position) throws IOException {
            if (position == cached) {
                return;
            }
            if (position < 0 || position >= extent.count()) {
                throw new Inconsistent("offset index position " + position + " is outside the log");
            }
            entry.clear();
            while (entry.hasRemaining()) {
                if (channel.read(entry, position * ENTRY + entry.position()) < 0) {
                    throw new Inconsistent("offset index is shorter than its log");
                }
            }
            cached = position;
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                channel.close();
            }
        }
    }
}
