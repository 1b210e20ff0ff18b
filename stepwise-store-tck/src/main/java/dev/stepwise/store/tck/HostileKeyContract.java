package dev.stepwise.store.tck;

import static dev.stepwise.store.tck.Checks.written;
import static dev.stepwise.store.tck.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Ids are data, not paths, patterns or SQL: every {@link StoreKey}-valid id (separators, traversal,
 * device names, case-only and trailing-dot/space differences, percent escapes, emoji, Unicode
 * normalisation variants, 1024 chars) names its own record, round-trips exactly and is listed
 * decoded exactly. Invalid ids are refused by {@link StoreKey} itself.
 *
 * <p>These tests write fixed ids, so they rely on the fixture's namespace being empty at the
 * start of each test (as {@link StoreFixture} promises). Traversal ids climb into a directory
 * named {@code stepwise-tck-escape} rather than towards real system files, so a store that gets
 * them wrong cannot damage the machine running the kit.
 */
public interface HostileKeyContract extends StoreContract {

    /** Ids that break naive file, URL, SQL, glob, Redis-key or case-folding schemes. */
    private static List<String> hostileIds() {
        List<String> ids = new ArrayList<>(List.of(
                "../../stepwise-tck-escape/passwd",
                "..\\..\\stepwise-tck-escape\\passwd",
                "/stepwise-tck-escape/absolute",
                "a/../../stepwise-tck-escape",
                "./a",
                "a/b",
                "a\\b",
                "a/b/",
                "/",
                "\\",
                "a//b",
                ".",
                "..",
                "...",
                " ",
                "  ",
                "\t",
                "x",
                "x.",
                "x..",
                "x ",
                " x",
                "x. ",
                ".x",
                "CON",
                "con",
                "NUL",
                "nul.txt",
                "aux",
                "AUX.txt",
                "COM1",
                "lpt1",
                "PRN.log",
                "Case",
                "case",
                "CASE",
                "straße",
                "strasse",
                "STRASSE",
                "İ",
                "i",
                "\u00e9",
                "e\u0301",
                "a:b",
                "c:",
                "C:\\x",
                "a|b",
                "a<b>",
                "a?b",
                "a*",
                "*",
                "?",
                "[x]",
                "{x}",
                "}{",
                "{",
                "%2e%2e",
                "%2E%2E",
                "..%2f",
                "%00",
                "a%2Fb",
                "a+b",
                "a b",
                "a%20b",
                "%",
                "'",
                "\"",
                "'; DROP TABLE sessions; --",
                "$HOME",
                "~",
                "null",
                "NULL",
                "0",
                "-1",
                "new\nline",
                "cr\rlf",
                "\u0001",
                "\u007f",
                "\u200b",
                "\ufeff",
                "\u202eevil",
                "\uffff",
                "🎉",
                "emoji 😀 id",
                "😀😀",
                "k",
                "k:",
                "k:items",
                "k:items:1",
                "k-"));
        ids.add("x".repeat(StoreKey.MAX_ID_LENGTH));
        ids.add("x".repeat(StoreKey.MAX_ID_LENGTH - 1) + "y");
        ids.add("x".repeat(StoreKey.MAX_ID_LENGTH - 1));
        ids.add("😀".repeat(StoreKey.MAX_ID_LENGTH / 2));
        ids.add("€".repeat(StoreKey.MAX_ID_LENGTH));
        ids.add("../".repeat(StoreKey.MAX_ID_LENGTH / 3));
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    @Test
    default void everyValidIdNamesItsOwnRecord() {
        List<String> ids = hostileIds();
        Map<String, Long> versions = new TreeMap<>();
        for (String id : ids) {
            StoreKey key = StoreKey.session(id);
            long version = written(
                            store().write(new Write(
                                    key,
                                    utf8("value of " + id),
                                    Expect.absent(),
                                    Samples.LONG_TTL,
                                    RecordAttributes.NONE,
                                    List.of(new Item(1, "id", Samples.now(), utf8(id))))),
                            "create " + describe(id))
                    .version();
            versions.put(id, version);
        }

        for (String id : ids) {
            Stored stored = store().read(StoreKey.session(id))
                    .orElseThrow(() -> new AssertionError("no record for " + describe(id)));
            assertEquals(id, stored.key().id(), "key read back for " + describe(id));
            assertArrayEquals(
                    utf8("value of " + id),
                    stored.value(),
                    "value of " + describe(id) + " (another id's record answered: ids collide)");
            assertEquals(versions.get(id), stored.version(), "version of " + describe(id));
            List<Item> log = store().readItems(StoreKey.session(id), ItemWindow.after(0, 10));
            assertEquals(1, log.size(), "item log of " + describe(id) + " holds another id's items");
            assertArrayEquals(utf8(id), log.get(0).payload(), "item log of " + describe(id));
        }
    }

    @Test
    default void listingReturnsEveryIdDecodedExactly() {
        List<String> ids = hostileIds();
        for (String id : ids) {
            written(store().write(Samples.create(StoreKey.session(id), utf8(id))), "create " + describe(id));
        }

        List<Stored> listed = new ArrayList<>();
        Walk.pages(store(), ListQuery.of(RecordKind.SESSION, "", 7)).forEach(p -> listed.addAll(p.records()));

        List<String> listedIds = listed.stream().map(s -> s.key().id()).toList();
        assertEquals(new HashSet<>(listedIds).size(), listedIds.size(), "an id was listed twice");
        Set<String> missing = new LinkedHashSet<>(ids);
        listedIds.forEach(missing::remove);
        assertTrue(
                missing.isEmpty(),
                "ids not listed: "
                        + missing.stream().map(HostileKeyContract::describe).toList());
        assertEquals(new HashSet<>(ids), new HashSet<>(listedIds), "ids listed that were never written");
        for (Stored stored : listed) {
            assertArrayEquals(
                    utf8(stored.key().id()),
                    stored.value(),
                    "value listed for " + describe(stored.key().id()));
        }
        for (String prefix : List.of(
                ".", "a/", "a\\", "x", "x.", "Case", "case", "%", "k:", "e", "\u00e9", "😀", "../", "*", "[", "{", "'",
                "C")) {
            Set<String> expected = new HashSet<>();
            ids.stream().filter(id -> id.startsWith(prefix)).forEach(expected::add);
            List<String> found = Walk.allIds(store(), ListQuery.of(RecordKind.SESSION, prefix, 5));
            assertEquals(
                    expected.size(),
                    found.size(),
                    "records listed for prefix " + describe(prefix) + ": "
                            + found.stream().map(HostileKeyContract::describe).toList());
            assertEquals(expected, new HashSet<>(found), "ids listed for prefix " + describe(prefix));
        }
    }

    @Test
    default void idsDifferingOnlyByCaseOrTrailingCharactersStayApart() {
        List<List<String>> families = List.of(
                List.of("Case", "case", "CASE"),
                List.of("x", "x.", "x ", "x..", "x. "),
                List.of("\u00e9", "e\u0301"),
                List.of("straße", "strasse"),
                List.of("a/b", "a\\b", "a%2Fb", "a:b"));
        for (List<String> family : families) {
            for (String id : family) {
                written(store().write(Samples.create(StoreKey.user(id), utf8(id))), "create " + describe(id));
            }
            String first = family.get(0);
            store().delete(StoreKey.user(first), Expect.any());
            assertTrue(store().read(StoreKey.user(first)).isEmpty(), describe(first) + " was not deleted");
            for (String other : family.subList(1, family.size())) {
                assertArrayEquals(
                        utf8(other),
                        store().read(StoreKey.user(other))
                                .orElseThrow(() -> new AssertionError(
                                        "deleting " + describe(first) + " deleted " + describe(other)))
                                .value());
            }
        }
    }

    @Test
    default void storeKeyRefusesInvalidIds() {
        assertThrows(IllegalArgumentException.class, () -> StoreKey.session(""), "empty id");
        assertThrows(IllegalArgumentException.class, () -> StoreKey.session(null), "null id");
        assertThrows(IllegalArgumentException.class, () -> StoreKey.session("a\u0000b"), "NUL inside");
        assertThrows(IllegalArgumentException.class, () -> StoreKey.session("\u0000"), "NUL alone");
        assertThrows(
                IllegalArgumentException.class,
                () -> StoreKey.session("x".repeat(StoreKey.MAX_ID_LENGTH + 1)),
                "1025 chars");
        assertThrows(IllegalArgumentException.class, () -> StoreKey.session("a\ud83d"), "lone high surrogate");
        assertThrows(IllegalArgumentException.class, () -> StoreKey.session("\ude00a"), "lone low surrogate");
        assertThrows(IllegalArgumentException.class, () -> StoreKey.session("\ude00\ud83d"), "surrogates reversed");
        assertEquals(
                StoreKey.MAX_ID_LENGTH,
                StoreKey.session("x".repeat(StoreKey.MAX_ID_LENGTH)).id().length());
    }

    /** An id made readable in a failure message: escapes controls, shortens long ids. */
    private static String describe(String id) {
        StringBuilder out = new StringBuilder("'");
        id.codePoints().limit(40).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x200b && cp <= 0x202e) || cp == 0xfeff || cp == 0xffff) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (id.codePointCount(0, id.length()) > 40) {
            out.append("...");
        }
        return out.append("' (").append(id.length()).append(" chars)").toString();
    }
}
