package dev.stepwise.server;

import dev.stepwise.json.Json;
import dev.stepwise.store.Item;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code stepwise sessions export}: every record of a store (sessions with their item logs, user
 * and project scopes, resources) as an export file ({@link ExportLines}) on standard output or
 * {@code --output}. Streams a page at a time; resumable with {@code --after}.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write every record (sessions with their logs, scopes, resources) as JSON Lines.",
            "Values are exported as stored (ciphertext stays ciphertext) unless --decrypt."
        })
final class SessionsExport implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--flow", paramLabel = "ID", description = "Only sessions of this flow (other kinds: all).")
    String flowId;

    @Option(
            names = "--status",
            converter = StatusConverter.class,
            description = "Only sessions with this status: active, completed or cancelled (other kinds: all).")
    String status;

    @Option(
            names = "--kinds",
            split = ",",
            paramLabel = "KIND",
            description = "Record kinds to export: session, user, project, resource (default: all).")
    List<String> kinds;

    @Option(names = "--decrypt", description = "Decrypt values with --encrypt-key-file (default: export ciphertext).")
    boolean decrypt;

    @Option(
            names = "--after",
            paramLabel = "KIND:ID",
            description = "Resume after this record (the kind and id of the last line of an interrupted export).")
    String after;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here (a new file) instead of stdout.")
    Path output;

    @Mixin
    ProgressOptions reporting;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (decrypt && store.keyFile == null) {
            throw new IllegalArgumentException("--decrypt needs --encrypt-key-file FILE, the key ring the store uses");
        }
        PrintWriter err = spec.commandLine().getErr();
        // Without --decrypt the store is opened without the key ring: the bytes go out as stored.
        try (VersionedStore source = decrypt
                        ? StoreOpener.openExisting(store.uri, store.keyFile)
                        : StoreOpener.openExistingRaw(store.uri);
                Lines out = output == null ? new Lines(spec.commandLine().getOut()) : Lines.create(output)) {
            boolean complete = exportFrom(source, out, err);
            // Standard output carries the data unless --output was given.
            PrintWriter report = output == null ? err : spec.commandLine().getOut();
            report.println(summary());
            report.flush();
            return complete ? 0 : 1;
        }
    }

    private final Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    private long items;
    private long unreadable;
    private String last;

    /**
     * Writes the export of {@code source} to {@code out}, with this command's filters.
     *
     * @return whether every entry could be read (false: unreadable entries were reported on {@code err})
     */
    boolean exportFrom(VersionedStore source, Lines out, PrintWriter err) {
        Set<RecordKind> chosen = Kinds.parse(kinds);
        try (Progress progress = reporting.open(err, "export")) {
            out.println(ExportLines.header(Instant.now(), decrypt));
            try {
                new RecordWalk(source, chosen, flowId, status).walk(after, new RecordWalk.Visitor() {
                    @Override
                    public void record(Stored stored) {
                        List<Item> log = RecordWalk.items(source, stored.key());
                        out.println(ExportLines.entry(ExportLines.Entry.of(stored, log)));
                        counts.merge(stored.key().kind(), 1L, Long::sum);
                        items += log.size();
                        last = RecordWalk.position(stored.key());
                        progress.step(last);
                    }

                    @Override
                    public void unreadable(Page.Unreadable entry) {
                        unreadable++;
                        err.println("export: skipped unreadable " + entry.location() + ": " + entry.reason());
                    }
                });
            } catch (StoreException | UncheckedIOException e) {
                throw new IllegalStateException(
                        e.getMessage() + "; "
                                + (last == null
                                        ? "nothing was exported"
                                        : "the last record written is " + last + ": resume with --after '" + last
                                                + "' into another file and import both files"),
                        e);
            }
            out.println(ExportLines.end(
                    counts.values().stream().mapToLong(Long::longValue).sum()));
            out.finish();
        }
        return unreadable == 0;
    }

    String summary() {
        long records = counts.values().stream().mapToLong(Long::longValue).sum();
        if (reporting.json) {
            ObjectNode node = Json.object();
            node.put("exported", records);
            ObjectNode byKind = node.putObject("kinds");
            for (RecordKind kind : RecordKind.values()) {
                byKind.put(kind.label(), counts.getOrDefault(kind, 0L));
            }
            node.put("items", items);
            node.put("unreadable", unreadable);
            return Json.text(node);
        }
        StringBuilder line = new StringBuilder("exported " + records + " records (");
        for (RecordKind kind : RecordKind.values()) {
            line.append(counts.getOrDefault(kind, 0L)).append(' ').append(kind.label());
            line.append(kind.ordinal() < RecordKind.values().length - 1 ? ", " : "");
        }
        line.append("), ").append(items).append(" items");
        if (unreadable > 0) {
            line.append("; ").append(unreadable).append(" unreadable entries NOT exported (listed above)");
        }
        return line.toString();
    }

    /** The chosen record kinds. */
    static final class Kinds {

        private Kinds() {}

        static Set<RecordKind> parse(List<String> labels) {
            if (labels == null || labels.isEmpty()) {
                return EnumSet.allOf(RecordKind.class);
            }
            Set<RecordKind> kinds = EnumSet.noneOf(RecordKind.class);
            for (String label : labels) {
                kinds.add(RecordWalk.parsePosition(label.strip() + ":x").kind());
            }
            return kinds;
        }
    }

    /** The output, checked for write errors (a PrintWriter alone swallows them). */
    static final class Lines implements AutoCloseable {

        private final Writer writer;
        private final boolean owned;
        private long written;

        private Lines(Writer writer, boolean owned) {
            this.writer = writer;
            this.owned = owned;
        }

        Lines(PrintWriter stdout) {
            this(stdout, false);
        }

        static Lines create(Path file) {
            try {
                return new Lines(
                        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW), true);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalArgumentException("--output " + file + " exists; export into a new file");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
            }
        }

        void println(String line) {
            try {
                writer.write(line);
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the export: " + e.getMessage(), e);
            }
            if (++written % RecordWalk.PAGE == 0) {
                check();
            }
        }

        /** Flushes and fails if anything was lost. */
        void finish() {
            check();
        }

        private void check() {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the export: " + e.getMessage(), e);
            }
            if (writer instanceof PrintWriter print && print.checkError()) {
                throw new UncheckedIOException(new IOException("cannot write the export to standard output"));
            }
        }

        @Override
        public void close() {
            if (!owned) {
                return;
            }
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the export: " + e.getMessage(), e);
            }
        }
    }
}
