package dev.stepwise.store.file;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.file.Envelope.LogExtent;
import dev.stepwise.store.support.CasRetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@link VersionedStore} keeping one file per record in a directory, for one machine without a
 * database server. Several store instances and several processes may share the directory.
 *
 * <h2>Layout</h2>
 * {@code DIR/KIND/NAME.json} holds a record's envelope (format version, full id, version, times,
 * attributes, value in base64, the committed extent of its item log); {@code DIR/KIND/NAME.items/}
 * holds its item log: {@code GEN.jsonl}, one JSON line per item ({@code seq}, {@code kind},
 * {@code at}, {@code payload} in base64) appended in seq order, and {@code GEN.offsets}, a cache of
 * each item's byte offset. NAME is the id encoded so that it can never leave the directory or collide
 * with another id, not even on a case-insensitive file system (see the package-private
 * {@code FileNames}: every byte outside {@code [a-z0-9_-]} is escaped as {@code ~xx}, over-long
 * names are hashed and the full id in the envelope is checked on read).
 *
 * <h2>Why a crash never exposes half a write</h2>
 * <ol>
 *   <li>Writers of one record exclude each other with a JVM lock plus an OS file lock
 *       (striped lock files under {@code DIR/.locks}), so conditions are checked and applied atomically
 *       across threads, instances and processes.</li>
 *   <li>A write first appends its items to the log file, past the committed extent (the item count
 *       and byte length the envelope names), and makes them durable with one {@code fdatasync}
 *       (plus directory fsyncs when a generation's file is created). Readers only look at the
 *       extent the current envelope names, so these bytes are invisible.</li>
 *   <li>Then the envelope naming the new extent is written to a temp file, fsync'd, renamed over
 *       the old one atomically and the directory fsync'd. The rename is the commit point: a crash
 *       before it leaves the old record and old extent (the next writer truncates the uncommitted
 *       tail), a crash after it leaves the new record and its items. So a write costs two file
 *       fsyncs and one directory fsync, whatever the log's length.</li>
 *   <li>The offset index is never trusted: every entry used is checked against the data file
 *       (it must point at a frame of its seq inside the committed bytes, and a window must hold
 *       exactly the frames its positions say), and a short or wrong index (after a power loss, say)
 *       is scanned around and rebuilt. It is not fsync'd, being rebuildable.</li>
 *   <li>A trim only moves the extent's start. Once more than half of a generation is trimmed, the
 *       live items are copied to a new generation (fsync'd), the envelope naming it is committed,
 *       and only then is the old generation removed.</li>
 *   <li>A new record (none live before) gets a new log generation and the previous log is removed
 *       first; a delete removes the envelope, then the log. A crash between the two leaves a log
 *       without a live record, which nothing reads and the sweeper removes.</li>
 *   <li>Temp files of crashed writers are removed on open and by the sweeper once older than a
 *       minute, an age no live writer reaches.</li>
 * </ol>
 * Readers take no lock: an envelope is replaced atomically, committed bytes of a log file are never
 * rewritten, and a reader whose log file vanishes under it (a concurrent compaction or delete)
 * re-reads the envelope.
 *
 * <h2>Other behaviour</h2>
 * <ul>
 *   <li>A file that cannot be decoded raises {@link CorruptRecordException} for its record only;
 *       listing reports it in {@link Page#unreadable()}. An unconditional ({@link Expect#any()})
 *       write or delete replaces or removes it; conditional ones raise the exception.</li>
 *   <li>Listing reads the kind's directory and the envelopes after the cursor until the page is
 *       full: fine for thousands of records, not for millions.</li>
 *   <li>A background daemon thread (every {@code sweepInterval}) removes expired records, their
 *       logs and orphan temp files; expired records are invisible before that anyway.</li>
 *   <li>I/O errors raise {@link StoreUnavailableException} naming the file.</li>
 *   <li>It needs a local file system with atomic rename and working {@code fcntl}/{@code LockFileEx}
 *       locks; network file systems are not supported.</li>
 * </ul>
 */
public final class FileStore implements VersionedStore {

    private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9]{1,16}");

    /**
     * Reads take no lock, so a read can lose to a commit that removes the log file its envelope
     * named (a compaction or delete); it then re-reads the envelope. The new envelope is committed
     * before the old file goes, so the next attempt succeeds unless commits keep landing in between.
     */
    private static final CasRetry READ_RETRY = CasRetry.immediate(20);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Layout layout;
    private final boolean pretty;
    private final Clock clock;
    private final FileStoreLocks locks;
    private final RecordFiles records;
    private final FileStoreSweeper sweeper;
    private final FileStoreListing listing;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    private FileStore(Builder builder) throws IOException {
        DurableFiles.createDirectories(builder.directory.toAbsolutePath().normalize());
        Path real = builder.directory.toRealPath();
        this.layout = new Layout(real, builder.extension);
        this.pretty = builder.pretty;
        this.clock = builder.clock;
        this.locks = new FileStoreLocks(real);
        this.records = new RecordFiles(layout);
        this.sweeper = new FileStoreSweeper(this);
        this.listing = new FileStoreListing(this);
        sweeper.removeOrphanTemps(FileStoreSweeper.TEMP_MAX_AGE);
        if (builder.sweepInterval.isZero()) {
            this.scheduler = null;
        } else {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "stepwise-file-store-sweeper");
                thread.setDaemon(true);
                return thread;
            });
            long millis = builder.sweepInterval.toMillis();
            scheduler.scheduleWithFixedDelay(sweeper::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** A builder for a store over {@code directory}, which is created if missing. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The store's directory (its real path). */
    public Path directory() {
        return layout.directory();
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        checkOpen();
        try {
            Envelope envelope = records.load(key);
            if (envelope == null || !envelope.liveAt(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(RecordFiles.stored(key, envelope));
        } catch (IOException e) {
            throw unavailable(key, e);
        }
    }

    @Override
    public WriteResult write(Write write) {
        checkOpen();
        StoreKey key = write.key();
        String name = FileNames.encode(key.id());
        try {
            return locks.withLock(key.kind(), name, () -> writeLocked(write, name));
        } catch (IOException e) {
            throw unavailable(key, e);
        }
    }

    private WriteResult writeLocked(Write write, String name) throws IOException {
        StoreKey key = write.key();
        Instant now = clock.instant();
        Envelope current = records.loadForUpdate(key, write.expect());
        Envelope live = current != null && current.liveAt(now) ? current : null;
        if (!Versions.holds(write.expect(), live == null ? null : live.version())) {
            return new WriteResult.Conflict(Optional.ofNullable(live).map(e -> RecordFiles.stored(key, e)));
        }
        List<Item> items = write.items();
        long lastSeq = live == null ? 0 : live.log().lastSeq();
        if (!items.isEmpty() && items.get(0).seq() <= lastSeq) {
            throw new IllegalArgumentException(
                    "item seq " + items.get(0).seq() + " of " + key + " is not above the last stored seq " + lastSeq);
        }
        LogExtent extent;
        if (live == null) {
            // a new record starts a new log; the old one (an expired or deleted record's) goes first
            DurableFiles.deleteTree(layout.logRoot(key.kind(), name));
            DurableFiles.createDirectories(layout.kindDirectory(key.kind()));
            extent = LogExtent.empty(newGeneration(), 0);
        } else {
            extent = live.log();
        }
        extent = log(key.kind(), name, extent.generation()).append(extent, items);
        long version = live == null ? Versions.initial() : Versions.next(live.version());
        Instant expiresAt = now.plus(write.ttl());
        Envelope next = new Envelope(
                key.id(),
                version,
                now,
                expiresAt,
                write.attributes(),
                write.value().clone(),
                extent);
        DurableFiles.replace(layout.recordFile(key.kind(), name), next.toJson(pretty));
        return new WriteResult.Written(version, expiresAt);
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        Expect.forDelete(expect);
        checkOpen();
        String name = FileNames.encode(key.id());
        try {
            return locks.withLock(key.kind(), name, () -> {
                Envelope current = records.loadForUpdate(key, expect);
                boolean existed = Files.exists(layout.recordFile(key.kind(), name));
                Envelope live = current != null && current.liveAt(clock.instant()) ? current : null;
                if (!Versions.holds(expect, live == null ? null : live.version())) {
                    return new DeleteResult.Conflict(Optional.ofNullable(live).map(e -> RecordFiles.stored(key, e)));
                }
                records.remove(key.kind(), name);
                return new DeleteResult.Deleted(existed && (current == null || live != null));
            });
        } catch (IOException e) {
            throw unavailable(key, e);
        }
    }

    @Override
    public Page list(ListQuery query) {
        checkOpen();
        return listing.list(query);
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        checkOpen();
        Objects.requireNonNull(window, "window");
        String name = FileNames.encode(key.id());
        try {
            return READ_RETRY
                    .run(attempt -> {
                        Envelope envelope = records.load(key);
                        if (envelope == null || !envelope.liveAt(clock.instant())) {
                            return Optional.of(List.<Item>of());
                        }
                        LogExtent extent = envelope.log();
                        try {
                            return Optional.of(
                                    log(key.kind(), name, extent.generation()).read(extent, window));
                        } catch (NoSuchFileException e) {
                            // a compaction or delete committed since the envelope was read: read the new one
                            if (attempt == READ_RETRY.maxAttempts()) {
                                throw new CorruptRecordException(
                                        layout.location(key), "item log file missing: " + e.getFile(), e);
                            }
                            return Optional.empty();
                        }
                    })
                    .orElseThrow();
        } catch (IOException e) {
            throw unavailable(key, e);
        }
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        checkOpen();
        String name = FileNames.encode(key.id());
        try {
            locks.withLock(key.kind(), name, () -> {
                Envelope envelope = records.load(key);
                if (envelope == null || !envelope.liveAt(clock.instant())) {
                    return null;
                }
                trimLocked(key, name, envelope, beforeSeq);
                return null;
            });
        } catch (IOException e) {
            throw unavailable(key, e);
        }
    }

    /**
     * Advances the log's start past the items below {@code beforeSeq}. Once more than half of a
     * generation's bytes are trimmed, its live items are copied into a new generation, committed by
     * the envelope, and the old one removed: space comes back at O(1) amortized cost per item.
     */
    private void trimLocked(StoreKey key, String name, Envelope envelope, long beforeSeq) throws IOException {
        LogExtent extent = envelope.log();
        ItemLog log = log(key.kind(), name, extent.generation());
        ItemLog.Located first = log.firstAtLeast(extent, beforeSeq);
        if (first.position() <= extent.from()) {
            return;
        }
        LogExtent trimmed = new LogExtent(
                extent.generation(),
                first.position(),
                extent.count(),
                extent.lastSeq(),
                first.offset(),
                extent.length());
        if (trimmed.fromOffset() * 2 > trimmed.length()) {
            String generation = newGeneration();
            trimmed = log.copyLiveTo(trimmed, log(key.kind(), name, generation), generation);
        }
        DurableFiles.replace(
                layout.recordFile(key.kind(), name), envelope.withLog(trimmed).toJson(pretty));
        if (!trimmed.generation().equals(extent.generation())) {
            log.delete();
        }
    }

    /** Stops the sweeper. Idempotent; the files stay. */
    @Override
    public void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Runs one sweep now: expired records, orphan logs and old temp files. */
    void sweep() throws IOException {
        sweeper.sweep();
    }

    boolean isClosed() {
        return closed;
    }

    Layout layout() {
        return layout;
    }

    Clock clock() {
        return clock;
    }

    FileStoreLocks locks() {
        return locks;
    }

    RecordFiles records() {
        return records;
    }

    /** The envelope at {@code key}, or null when there is no file; checks the id inside. */
    Envelope load(StoreKey key) throws IOException {
        return records.load(key);
    }

    ItemLog log(RecordKind kind, String name, String generation) {
        return new ItemLog(layout.logRoot(kind, name), generation, layout);
    }

    private static String newGeneration() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private StoreUnavailableException unavailable(StoreKey key, IOException e) {
        return new StoreUnavailableException(
                "file store I/O failed for " + layout.location(key) + " under " + layout.directory() + ": " + e, e);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("file store on " + layout.directory() + " is closed");
        }
    }

    /** Configures a {@link FileStore}. */
    public static final class Builder {

        private final Path directory;
        private boolean pretty;
        private String extension = ".json";
        private Clock clock = Clock.systemUTC();
        private Duration sweepInterval = Duration.ofMinutes(1);

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** Indent the JSON of record and item files, for people reading them (default false). */
        public Builder pretty(boolean value) {
            this.pretty = value;
            return this;
        }

        /** Record file extension, a dot and 1..16 letters or digits (default {@code .json}). */
        public Builder extension(String value) {
            Objects.requireNonNull(value, "extension");
            if (!EXTENSION.matcher(value).matches()
                    || value.equalsIgnoreCase(Layout.LOG_SUFFIX)
                    || value.equalsIgnoreCase(DurableFiles.TEMP_SUFFIX)
                    || value.equalsIgnoreCase(".lock")) {
                throw new IllegalArgumentException(
                        "file extension must be a dot and 1..16 letters or digits, other than " + Layout.LOG_SUFFIX
                                + ", " + DurableFiles.TEMP_SUFFIX + " and .lock; was '" + value + "'");
            }
            this.extension = value;
            return this;
        }

        /** The clock for updatedAt and expiry (default {@link Clock#systemUTC()}). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How often a background thread removes expired records and orphan files (default one
         * minute; {@link Duration#ZERO} disables it).
         */
        public Builder sweepInterval(Duration value) {
            Objects.requireNonNull(value, "sweepInterval");
            if (value.isNegative()) {
                throw new IllegalArgumentException("sweepInterval must not be negative, was " + value);
            }
            this.sweepInterval = value;
            return this;
        }

        /**
         * Opens the store, creating the directory if needed and removing orphan temp files.
         *
         * @throws StoreUnavailableException if the directory cannot be created or used
         */
        public FileStore build() {
            try {
                return new FileStore(this);
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot open file store in " + directory + ": " + e, e);
            }
        }
    }
}
