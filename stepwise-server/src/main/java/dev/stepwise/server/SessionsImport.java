package dev.stepwise.server;

import dev.stepwise.json.Json;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.crypto.EncryptedStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code stepwise sessions import}: writes the records of an export file into a store.
 *
 * <p>Each record is created only if the target has none with its key ({@link Expect#absent()}):
 * an import never overwrites anything, newer or older, so running it again after an interruption
 * skips what is already there. A record is written with its whole item log in one atomic write,
 * after its line has been read and checked in full: a bad line stops the import with nothing of it
 * written. Expired records are skipped; the others keep their expiry instant (written as the time
 * left), item seqs, kinds, times and payloads, and attributes. The target assigns new versions and
 * update times.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Create the records of an export file (stdin or --input) in a store.",
            "Never overwrites: records that already exist are skipped, so a re-run resumes."
        })
final class SessionsImport implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--input", paramLabel = "FILE", description = "Read this export file instead of stdin.")
    Path input;

    @Mixin
    ProgressOptions reporting;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<RecordKind, Long> imported = new EnumMap<>(RecordKind.class);
    private final Map<String, Long> ciphertextKeys = new TreeMap<>();
    private long existing;
    private long expired;
    private long items;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (BufferedReader reader = open();
                VersionedStore target = StoreOpener.open(store.uri, store.keyFile);
                Progress progress = reporting.open(err, "import")) {
            read(reader, target, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the export: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary());
        if (!ciphertextKeys.isEmpty() && store.keyFile == null && !reporting.json) {
            out.println("values sealed with keys " + ciphertextKeys.keySet()
                    + " were imported as they are: serve this store with --encrypt-key-file holding those keys");
        }
        out.flush();
        return 0;
    }

    private BufferedReader open() throws IOException {
        return input == null
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(input, StandardCharsets.UTF_8);
    }

    private void read(BufferedReader reader, VersionedStore target, Progress progress) throws IOException {
        long number = 0;
        long records = 0;
        ExportLines.End end = null;
        String text;
        while ((text = reader.readLine()) != null) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            try {
                if (end != null) {
                    throw new ExportLines.BadLine(number, "text after the end line");
                }
                ExportLines.Line line = ExportLines.parse(text, number);
                if (number == 1 && !(line instanceof ExportLines.Header)) {
                    throw new ExportLines.BadLine(number, "expected the export header first");
                }
                if (line instanceof ExportLines.Header) {
                    if (number != 1) {
                        throw new ExportLines.BadLine(number, "a second header: import each export file on its own");
                    }
                } else if (line instanceof ExportLines.End e) {
                    if (e.records() != records) {
                        throw new ExportLines.BadLine(
                                number,
                                "the end line counts " + e.records() + " records but the file holds " + records);
                    }
                    end = e;
                } else {
                    ExportLines.Entry entry = (ExportLines.Entry) line;
                    records++;
                    write(target, entry, number);
                    progress.step(RecordWalk.position(entry.key()));
                }
            } catch (ExportLines.BadLine e) {
                throw new IllegalArgumentException(stopped(e.getMessage()), e);
            } catch (StoreException e) {
                throw new IllegalStateException(stopped("line " + number + ": " + e.getMessage()), e);
            }
        }
        if (number == 0) {
            throw new IllegalArgumentException("the export is empty: expected its header line");
        }
        if (end == null) {
            throw new IllegalArgumentException(stopped("line " + number
                    + ": the file ends without its end line, so it is truncated (was the export interrupted?)"));
        }
    }

    private String stopped(String problem) {
        return "import stopped at " + problem + ". " + total() + " records were imported before it and nothing of"
                + " that line was written; fix the file and run the import again: records that exist are skipped";
    }

    private void write(VersionedStore target, ExportLines.Entry entry, long number) {
        checkNotSealedTwice(entry, number);
        Duration left = Duration.between(Instant.now(), entry.expiresAt());
        if (left.isNegative() || left.isZero()) {
            expired++;
            return;
        }
        WriteResult result = target.write(
                new Write(entry.key(), entry.value(), Expect.absent(), left, entry.attributes(), entry.items()));
        if (result instanceof WriteResult.Written) {
            imported.merge(entry.key().kind(), 1L, Long::sum);
            items += entry.items().size();
        } else {
            existing++;
        }
    }

    /**
     * Counts the keys of values exported as ciphertext, and refuses to seal them a second time when
     * this import encrypts (they would come back as ciphertext).
     */
    private void checkNotSealedTwice(ExportLines.Entry entry, long number) {
        String where = RecordWalk.position(entry.key());
        Optional<String> keyId = EncryptedStore.keyIdOf(entry.value(), where);
        for (Item item : entry.items()) {
            if (keyId.isEmpty()) {
                keyId = EncryptedStore.keyIdOf(item.payload(), where + " item " + item.seq());
            }
        }
        if (keyId.isEmpty()) {
            return;
        }
        if (store.keyFile != null) {
            throw new ExportLines.BadLine(
                    number,
                    where + " is already encrypted (key '" + keyId.get() + "'); import an export made with --decrypt,"
                            + " or import this one without --encrypt-key-file");
        }
        ciphertextKeys.merge(keyId.get(), 1L, Long::sum);
    }

    private long total() {
        return imported.values().stream().mapToLong(Long::longValue).sum();
    }

    private String summary() {
        if (reporting.json) {
            ObjectNode node = Json.object();
            node.put("imported", total());
            ObjectNode byKind = node.putObject("kinds");
            for (RecordKind kind : RecordKind.values()) {
                byKind.put(kind.label(), imported.getOrDefault(kind, 0L));
            }
            node.put("items", items);
            node.put("existing", existing);
            node.put("expired", expired);
            ObjectNode keys = node.putObject("ciphertextKeys");
            ciphertextKeys.forEach(keys::put);
            return Json.text(node);
        }
        StringBuilder line = new StringBuilder("imported " + total() + " records (");
        for (RecordKind kind : RecordKind.values()) {
            line.append(imported.getOrDefault(kind, 0L)).append(' ').append(kind.label());
            line.append(kind.ordinal() < RecordKind.values().length - 1 ? ", " : "");
        }
        return line.append("), ")
                .append(items)
                .append(" items; skipped ")
                .append(existing)
                .append(" that already exist and ")
                .append(expired)
                .append(" expired")
                .toString();
    }
}
