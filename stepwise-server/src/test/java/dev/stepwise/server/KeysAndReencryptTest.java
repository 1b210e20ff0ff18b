package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Item;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code stepwise keys generate|rotate}, {@code sessions reencrypt}, and encrypted stores through export. */
class KeysAndReencryptTest {

    @TempDir
    Path dir;

    @Test
    void generateWritesAPrivateRingAndRotateKeepsTheOldKeys() throws Exception {
        Path ring = dir.resolve("keys.txt");
        Cli generated = Cli.run("keys", "generate", ring.toString(), "--id", "k1");
        assertEquals(0, generated.exit(), generated.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ring)));
        assertEquals(List.of("k1"), KeyRing.fromFile(ring).keyIds());

        Cli again = Cli.run("keys", "generate", ring.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already exists") && again.err().contains("keys rotate"), again.err());

        Cli rotated = Cli.run("keys", "rotate", ring.toString(), "--json");
        assertEquals(0, rotated.exit(), rotated.toString());
        KeyRing keys = KeyRing.fromFile(ring);
        assertEquals(2, keys.keyIds().size());
        assertEquals(keys.keyIds().get(0), keys.currentKeyId());
        assertEquals("k1", keys.keyIds().get(1));
        assertTrue(rotated.out().contains("\"current\":\"" + keys.currentKeyId() + "\""), rotated.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ring)));
        assertFalse(Files.readString(ring).isBlank());
    }

    @Test
    void reencryptMovesEveryRecordAndItemToTheCurrentKeySoTheOldOneCanGo() throws Exception {
        Path ring = dir.resolve("keys.txt");
        assertEquals(
                0, Cli.run("keys", "generate", ring.toString(), "--id", "old").exit());
        String store = "file:" + dir.resolve("store");
        try (VersionedStore s = StoreOpener.open(store, ring)) {
            SampleRecords.write(s);
        }
        Map<String, SampleRecords.Snapshot> plain;
        try (VersionedStore s = StoreOpener.open(store, ring)) {
            plain = SampleRecords.snapshot(s);
        }
        assertEquals(
                0, Cli.run("keys", "rotate", ring.toString(), "--id", "new").exit());

        Cli census = Cli.run("sessions", "reencrypt", "--store", store, "--key-file", ring.toString(), "--dry-run");
        assertEquals(0, census.exit(), census.toString());
        Matcher before =
                Pattern.compile("key old: (\\d+) records, (\\d+) items").matcher(census.out());
        assertTrue(
                before.find() && Long.parseLong(before.group(1)) == plain.size() && Long.parseLong(before.group(2)) > 0,
                census.out());

        Cli run = Cli.run(
                "sessions", "reencrypt", "--store", store, "--key-file", ring.toString(), "--progress-every", "3");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("re-sealed " + plain.size() + " records under key new"), run.out());
        assertTrue(run.out().contains("key old: 0 records, 0 items - nothing uses it; it can be retired"), run.out());
        assertTrue(run.err().contains("reencrypt: 3 records, at "), run.err());

        // The proof: a ring without the old key opens everything, with the same content.
        String newOnly = Files.readAllLines(ring).stream()
                .filter(l -> l.startsWith("new="))
                .findFirst()
                .orElseThrow();
        Path retired = dir.resolve("new-only.txt");
        Files.writeString(retired, newOnly + "\n");
        try (VersionedStore s = StoreOpener.open(store, retired)) {
            SampleRecords.assertSameRecords(plain, SampleRecords.snapshot(s));
        }
        try (VersionedStore raw = StoreProviders.open(store)) {
            for (SampleRecords.Snapshot r : SampleRecords.snapshot(raw).values()) {
                assertEquals(
                        "new", EncryptedStore.keyIdOf(r.stored().value(), "v").orElseThrow());
                for (Item item : r.items()) {
                    assertEquals(
                            "new", EncryptedStore.keyIdOf(item.payload(), "i").orElseThrow());
                }
            }
        }
    }

    @Test
    void encryptedStoresExportCiphertextUnlessAskedToDecrypt() throws Exception {
        Path ring = dir.resolve("keys.txt");
        assertEquals(
                0, Cli.run("keys", "generate", ring.toString(), "--id", "k1").exit());
        String store = "file:" + dir.resolve("store");
        try (VersionedStore s = StoreOpener.open(store, ring)) {
            SampleRecords.write(s);
        }
        Path sealed = dir.resolve("sealed.jsonl");
        assertEquals(
                0,
                Cli.run("sessions", "export", "--store", store, "--output", sealed.toString())
                        .exit());
        assertFalse(storedBytes(sealed).contains("Ada s1"), "ciphertext only");

        // Ciphertext moves as it is: the target opens it with the same ring.
        String copy = "file:" + dir.resolve("copy");
        Cli imported = Cli.run("sessions", "import", "--store", copy, "--input", sealed.toString());
        assertEquals(0, imported.exit(), imported.toString());
        assertTrue(imported.out().contains("sealed with keys [k1]"), imported.out());
        Cli refused = Cli.run(
                "sessions",
                "import",
                "--store",
                "file:" + dir.resolve("twice"),
                "--encrypt-key-file",
                ring.toString(),
                "--input",
                sealed.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("line 2") && refused.err().contains("already encrypted"), refused.err());

        Path open = dir.resolve("open.jsonl");
        assertEquals(
                0,
                Cli.run(
                                "sessions",
                                "export",
                                "--store",
                                store,
                                "--decrypt",
                                "--encrypt-key-file",
                                ring.toString(),
                                "--output",
                                open.toString())
                        .exit());
        assertTrue(Files.readAllLines(open).get(0).contains("\"values\":\"decrypted\""));
        assertTrue(storedBytes(open).contains("Ada s1"), "the decrypted export holds the plaintext");
        String resealed = "file:" + dir.resolve("resealed");
        assertEquals(
                0,
                Cli.run(
                                "sessions",
                                "import",
                                "--store",
                                resealed,
                                "--encrypt-key-file",
                                ring.toString(),
                                "--input",
                                open.toString())
                        .exit());
        try (VersionedStore a = StoreOpener.open(store, ring);
                VersionedStore b = StoreOpener.open(copy, ring);
                VersionedStore c = StoreOpener.open(resealed, ring)) {
            Map<String, SampleRecords.Snapshot> original = SampleRecords.snapshot(a);
            SampleRecords.assertSameRecords(original, SampleRecords.snapshot(b));
            SampleRecords.assertSameRecords(original, SampleRecords.snapshot(c));
        }
        Cli noKey = Cli.run("sessions", "export", "--store", store, "--decrypt");
        assertEquals(2, noKey.exit());
        assertTrue(noKey.err().contains("--decrypt needs --encrypt-key-file"), noKey.err());
    }

    /**
     * Every value and item payload of an export, decoded from base64 and joined: what the file
     * carries of the stored bytes. Searching the file's own text would find nothing in either case.
     */
    private static String storedBytes(Path export) throws Exception {
        StringBuilder all = new StringBuilder();
        List<String> lines = Files.readAllLines(export);
        for (String line : lines.subList(1, lines.size())) {
            JsonNode entry = JsonMapper.shared().readTree(line);
            if (entry.has("end")) {
                continue;
            }
            all.append(decoded(entry.get("value")));
            for (JsonNode item : entry.get("items")) {
                all.append('\n').append(decoded(item.get("payload")));
            }
            all.append('\n');
        }
        return all.toString();
    }

    private static String decoded(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asString()), StandardCharsets.ISO_8859_1);
    }
}
