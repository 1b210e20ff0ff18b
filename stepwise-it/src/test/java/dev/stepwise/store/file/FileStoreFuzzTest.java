package dev.stepwise.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.StoreKey;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fuzzes the file store's id encoding and its record envelope (both package-private, hence this
 * package): every valid id becomes one safe file name (no separator, no dot-name, no device name,
 * no control character, at most 255 bytes) that decodes back to the id, distinct ids never share a
 * name even on a case-insensitive file system, and arbitrary file contents parse or are a
 * {@link CorruptRecordException}.
 */
class FileStoreFuzzTest {

    private static final Pattern DEVICE =
            Pattern.compile("(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?", Pattern.CASE_INSENSITIVE);

    @FuzzTest(maxDuration = "2m")
    void idsEncodeToSafeDistinctFileNames(FuzzedDataProvider data) {
        String a = data.consumeString(300);
        String b = data.consumeRemainingAsString();
        if (!valid(a)) {
            return;
        }
        String name = FileNames.encode(a);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 240, name);
        assertFalse(name.isEmpty() || name.equals(".") || name.equals(".."), name);
        assertFalse(DEVICE.matcher(name).matches(), name);
        for (char c : name.toCharArray()) {
            assertTrue(
                    c > 0x20 && c < 0x7f && c != '/' && c != '\\' && c != ':' && c != '*' && c != '?' && c != '"'
                            && c != '<' && c != '>' && c != '|',
                    () -> "unsafe char in " + name);
        }
        if (!FileNames.hashed(name)) {
            assertEquals(a, FileNames.decode(name));
        }
        if (valid(b) && !a.equals(b)) {
            assertNotEquals(
                    name.toLowerCase(Locale.ROOT),
                    FileNames.encode(b).toLowerCase(Locale.ROOT),
                    () -> "'" + a + "' and '" + b + "' share a file name");
        }
    }

    @FuzzTest(maxDuration = "2m")
    void fileContentsParseOrAreCorrupt(byte[] bytes) {
        try {
            Envelope envelope = Envelope.parse(bytes, "fuzz");
            assertTrue(envelope.log().count() >= envelope.log().from());
        } catch (CorruptRecordException expected) {
            // the one allowed failure
        }
    }

    private static boolean valid(String id) {
        try {
            StoreKey.checkId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
