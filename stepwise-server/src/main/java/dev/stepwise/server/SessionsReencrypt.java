package dev.stepwise.server;

import dev.stepwise.json.Json;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import dev.stepwise.store.support.CasRetry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code stepwise sessions reencrypt}: re-seals every record value and item payload (sessions,
 * scopes, resources) that is not under the key ring's current key, then counts from the stored
 * envelopes how many still use each key id, so an old key is retired with certainty.
 *
 * <p>A value alone is re-sealed by a compare-and-set write of the same value (safe while servers
 * run; a record changed meanwhile is read again). An item log cannot be rewritten in place through
 * the store SPI (it is append-only), so a record whose items need re-sealing is deleted and created
 * again with its whole log, each step conditional on the version read: run this with the servers
 * stopped, or a turn arriving between the two steps finds the session missing.
 */
@Command(
        name = "reencrypt",
        mixinStandardHelpOptions = true,
        description = {
            "Re-seal every record, item and scope under the key ring's current key,",
            "then report how many still use each key id. Stop the servers first (item logs are rewritten)."
        })
final class SessionsReencrypt implements Callable<Integer> {

    private static final CasRetry RETRY = CasRetry.of(8, Duration.ofMillis(5), Duration.ofMillis(200));

    @Option(
            names = "--store",
            paramLabel = "URI",
            defaultValue = "sqlite:./stepwise.db",
            description = "The store to re-encrypt (default: ${DEFAULT-VALUE}).")
    String uri;

    @Option(
            names = {"--key-file", "--encrypt-key-file"},
            required = true,
            paramLabel = "FILE",
            description = "Key ring file: its current key seals; every key a record uses must be in it.")
    Path keyFile;

    @Option(names = "--dry-run", description = "Only count which key seals what; change nothing.")
    boolean dryRun;

    @Mixin
    ProgressOptions reporting;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private long resealed;
    private long failed;

    @Override
    public Integer call() {
        KeyRing ring = KeyRing.fromFile(keyFile);
        PrintWriter err = spec.commandLine().getErr();
        KeyCensus census = new KeyCensus();
        try (VersionedStore raw = StoreOpener.openExistingRaw(uri)) {
            EncryptedStore sealed = EncryptedStore.wrap(raw, ring);
            if (!dryRun) {
                try (Progress progress = reporting.open(err, "reencrypt")) {
                    walk(
                            raw,
                            new KeyCensus(),
                            ring,
                            (stored, stale) -> {
                                if (stale) {
                                    reseal(raw, sealed, ring.currentKeyId(), stored.key(), err);
                                }
                                progress.step(RecordWalk.position(stored.key()));
                            },
                            err);
                }
            }
            // Counted afresh from what is stored now: the report is what the store holds, not what this run meant to
            // do.
            walk(raw, census, ring, (stored, stale) -> {}, err);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (reporting.json) {
            ObjectNode report = census.json(ring);
            report.put("resealed", resealed);
            report.put("failed", failed);
            out.println(Json.text(report));
        } else {
            if (!dryRun) {
                out.println("re-sealed " + resealed + " records under key " + ring.currentKeyId()
                        + (failed > 0 ? "; " + failed + " FAILED (listed above)" : ""));
            }
            out.println(census.report(ring));
        }
        out.flush();
        return failed == 0 && census.unreadableCount() == 0 ? 0 : 1;
    }

    private interface Step {
        void record(Stored raw, boolean stale);
    }

    private static void walk(VersionedStore raw, KeyCensus census, KeyRing ring, Step step, PrintWriter err) {
        new RecordWalk(raw, EnumSet.allOf(RecordKind.class), null, null).walk(null, new RecordWalk.Visitor() {
            @Override
            public void record(Stored stored) {
                List<Item> items = RecordWalk.items(raw, stored.key());
                step.record(stored, census.count(stored, items, ring.currentKeyId()));
            }

            @Override
            public void unreadable(Page.Unreadable entry) {
                census.unreadable();
                err.println("reencrypt: unreadable " + entry.location() + ": " + entry.reason());
            }
        });
    }

    /** Re-seals one record under the current key; a record changed meanwhile is read again. */
    private void reseal(VersionedStore raw, EncryptedStore sealed, String currentKey, StoreKey key, PrintWriter err) {
        try {
            Optional<Boolean> done = RETRY.run(attempt -> {
                Optional<Stored> current = sealed.read(key);
                if (current.isEmpty()) {
                    return Optional.of(false); // deleted or expired meanwhile: nothing left to re-seal
                }
                Stored record = current.get();
                Duration left = Duration.between(Instant.now(), record.expiresAt());
                if (left.isNegative() || left.isZero()) {
                    return Optional.of(false);
                }
                List<Item> items = RecordWalk.items(raw, key);
                boolean itemsStale = false;
                for (Item item : items) {
                    String where = key + " item " + item.seq();
                    itemsStale |= !EncryptedStore.keyIdOf(item.payload(), where)
                            .map(currentKey::equals)
                            .orElse(false);
                }
                if (!itemsStale) {
                    Write write = new Write(
                            key,
                            record.value(),
                            Expect.version(record.version()),
                            left,
                            record.attributes(),
                            List.of());
                    return sealed.write(write) instanceof WriteResult.Written ? Optional.of(true) : Optional.empty();
                }
                List<Item> plain = RecordWalk.items(sealed, key);
                if (!(sealed.delete(key, Expect.version(record.version())) instanceof DeleteResult.Deleted)) {
                    return Optional.empty();
                }
                Write write = new Write(key, record.value(), Expect.absent(), left, record.attributes(), plain);
                if (sealed.write(write) instanceof WriteResult.Conflict) {
                    throw new IllegalStateException(key + " was created by another writer between its delete and"
                            + " its re-creation (are servers running?); its previous content was replaced");
                }
                return Optional.of(true);
            });
            if (done.isEmpty()) {
                failed++;
                err.println("reencrypt: " + key + " kept changing under concurrent writes; run again");
            } else if (done.get()) {
                resealed++;
            }
        } catch (CorruptRecordException | IllegalStateException e) {
            failed++;
            err.println("reencrypt: " + key + ": " + e.getMessage());
        }
    }
}
