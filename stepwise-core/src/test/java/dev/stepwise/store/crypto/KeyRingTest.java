package dev.stepwise.store.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {

    static final byte[] K1 = key(1);
    static final byte[] K2 = key(2);

    @TempDir
    Path dir;

    static byte[] key(int fill) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (fill * 31 + i);
        }
        return key;
    }

    private static String b64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    private KeyRing file(String... lines) throws Exception {
        Path file = dir.resolve("keys");
        Files.write(file, List.of(lines));
        return KeyRing.fromFile(file);
    }

    private IllegalArgumentException fileError(String... lines) {
        return assertThrows(IllegalArgumentException.class, () -> file(lines));
    }

    @Test
    void builderMakesTheCurrentKeyFirst() {
        KeyRing ring = KeyRing.builder().add("k1", K1).current("k2", K2).build();
        assertEquals("k2", ring.currentKeyId());
        assertEquals(List.of("k2", "k1"), ring.keyIds());
        assertTrue(ring.contains("k1"));
        assertFalse(ring.contains("k3"));
    }

    @Test
    void builderRefusesBadKeys() {
        assertThrows(IllegalArgumentException.class, () -> KeyRing.builder().current("k", new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.builder().current("bad id", K1));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.builder().current("x".repeat(65), K1));
        assertThrows(
                IllegalArgumentException.class,
                () -> KeyRing.builder().current("k", K1).add("k", K2));
        assertThrows(
                IllegalArgumentException.class,
                () -> KeyRing.builder().current("a", K1).current("b", K2));
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> KeyRing.builder().add("k1", K1).build());
        assertTrue(none.getMessage().contains("no current key"), none.getMessage());
    }

    @Test
    void builderCopiesTheKeyBytes() {
        byte[] bytes = K1.clone();
        KeyRing ring = KeyRing.builder().current("k1", bytes).build();
        bytes[0]++;
        assertEquals(b64(K1), b64(ring.currentKey().getEncoded()));
    }

    @Test
    void fileNamesTheCurrentKey() throws Exception {
        KeyRing ring = file("# keys", "", "k1=" + b64(K1), "current = k2", "k2 = " + b64(K2));
        assertEquals("k2", ring.currentKeyId());
        assertEquals(List.of("k2", "k1"), ring.keyIds());
        assertEquals(b64(K1), b64(ring.key("k1").getEncoded()));
    }

    @Test
    void withoutCurrentTheFirstKeyIsCurrent() throws Exception {
        assertEquals("k1", file("k1=" + b64(K1), "k2=" + b64(K2)).currentKeyId());
    }

    @Test
    void fileErrorsNameTheLineAndNeverTheKey() {
        String shortKey = b64(new byte[16]);
        IllegalArgumentException length = fileError("k1=" + b64(K1), "k2=" + shortKey);
        assertTrue(
                length.getMessage().contains("line 2") && length.getMessage().contains("16 bytes"),
                length.getMessage());
        assertFalse(length.getMessage().contains(shortKey));

        IllegalArgumentException base64 = fileError("k1=not base64!!");
        assertTrue(
                base64.getMessage().contains("line 1") && base64.getMessage().contains("base64"), base64.getMessage());
        assertFalse(base64.getMessage().contains("not base64!!"));

        IllegalArgumentException duplicate = fileError("k1=" + b64(K1), "k1=" + b64(K2));
        assertTrue(duplicate.getMessage().contains("twice"), duplicate.getMessage());
        assertFalse(duplicate.getMessage().contains(b64(K2)));

        assertTrue(fileError("# nothing").getMessage().contains("no keys"));
        assertTrue(fileError("current=k9", "k1=" + b64(K1)).getMessage().contains("'k9' is not defined"));
        assertTrue(fileError("just a line").getMessage().contains("expected ID=BASE64KEY"));
        assertTrue(fileError("current=k1", "current=k1", "k1=" + b64(K1))
                .getMessage()
                .contains("twice"));
        assertTrue(fileError("bad id=" + b64(K1)).getMessage().contains("[A-Za-z0-9._-]"));
    }

    @Test
    void missingFileIsAnIoError() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> KeyRing.fromFile(dir.resolve("none")));
        assertTrue(e.getMessage().contains("none"));
    }

    @Test
    void toStringShowsIdsOnly() {
        String text = KeyRing.builder().current("k2", K2).add("k1", K1).build().toString();
        assertEquals("KeyRing[current=k2, keys=[k2, k1]]", text);
    }
}
