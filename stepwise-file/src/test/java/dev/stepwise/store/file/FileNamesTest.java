package dev.stepwise.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    private static final List<String> HOSTILE = List.of(
            "../../x",
            "/etc/passwd",
            "..\\..\\x",
            "C:\\x",
            ".",
            "..",
            "CON",
            "con",
            "nul.txt",
            "LPT1",
            "a/b",
            "Case",
            "case",
            "CASE",
            " ",
            "a b",
            "~",
            "~~",
            "~41",
            "x.json",
            "x.items",
            ".hidden",
            "😀 emoji",
            "é",
            "e\u0301",
            "tab\there",
            "new\nline",
            "x:y",
            "*?<>|\"");

    @Test
    void encodedNamesUseOnlySafeLowerCaseCharacters() {
        for (String id : HOSTILE) {
            String name = FileNames.encode(id);
            assertTrue(name.matches("[a-z0-9_~-]+"), () -> id + " -> " + name);
            assertFalse(name.startsWith("."), name);
        }
    }

    @Test
    void decodingReturnsTheId() {
        for (String id : HOSTILE) {
            assertEquals(id, FileNames.decode(FileNames.encode(id)));
        }
    }

    @Test
    void idsDifferingOnlyInCaseGetNamesDifferingBeyondCase() {
        String a = FileNames.encode("Case");
        String b = FileNames.encode("case");
        assertNotEquals(a.toLowerCase(), b.toLowerCase());
    }

    @Test
    void windowsDeviceNamesAreEscaped() {
        assertEquals("~43~4f~4e", FileNames.encode("CON"));
        for (String device : List.of("con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9")) {
            String name = FileNames.encode(device);
            assertTrue(name.startsWith("~"), name);
            assertEquals(device, FileNames.decode(name));
        }
        assertEquals("console", FileNames.encode("console"));
    }

    @Test
    void overLongNamesAreHashedAndShort() {
        String id = "\u4e2d".repeat(1024); // 3 UTF-8 bytes each -> 9 encoded chars each
        String name = FileNames.encode(id);
        assertTrue(FileNames.hashed(name));
        assertTrue(name.length() <= 170, () -> "length " + name.length());
        assertTrue(name.matches("[a-z0-9_~-]+"));
        String other = FileNames.encode("\u4e2d".repeat(1023) + "x");
        assertNotEquals(name, other);
    }

    @Test
    void hashedPrefixNeverCutsAnEscape() {
        for (int pad = 0; pad < 3; pad++) {
            String id = "a".repeat(pad) + "/".repeat(100);
            String name = FileNames.encode(id);
            String prefix = name.substring(0, name.indexOf(FileNames.HASH_MARK));
            assertTrue(prefix.matches("a*(~2f)*"), prefix);
        }
    }

    @Test
    void plainNamesStayUpToTheLimit() {
        String id = "a".repeat(FileNames.MAX_PLAIN);
        assertEquals(id, FileNames.encode(id));
        assertTrue(FileNames.hashed(FileNames.encode(id + "a")));
    }

    @Test
    void decodeRejectsNamesEncodeNeverMakes() {
        for (String bad : List.of("~41X", "~4", "~", "A", "a.b", "~2F", "~61", "~zz", "~ff", "")) {
            assertThrows(IllegalArgumentException.class, () -> FileNames.decode(bad), bad);
        }
    }

    @Test
    void everyUtf8ByteRoundTrips() {
        StringBuilder all = new StringBuilder();
        for (int cp = 1; cp < 0x800; cp++) {
            all.appendCodePoint(cp);
        }
        String id = all.toString();
        assertEquals(id.getBytes(StandardCharsets.UTF_8).length > 0, true);
        for (int i = 0; i < id.length(); i += 20) {
            String chunk = id.substring(i, Math.min(id.length(), i + 20));
            assertEquals(chunk, FileNames.decode(FileNames.encode(chunk)));
        }
    }
}
