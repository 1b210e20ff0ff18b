package dev.stepwise.store.workerskv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST client against the local Worker: what each call sends and how failures surface. */
class WorkersKvClientTest {

    private final WorkersKvFixture fixture = new WorkersKvFixture();
    private final WorkersKvClient client = fixture.client();

    @BeforeAll
    static void worker() {
        LocalWorker.endpoint();
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetAndDeleteRoundTripBytesUnderNamesThatNeedEncoding() {
        List<String> names = List.of("plain", "a/b c", "q?x=1&y#z", "100%", "ünï😀", "session:../..", "+%2F");
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        for (String name : names) {
            client.put(name, value, Optional.empty());
        }
        for (String name : names) {
            assertArrayEquals(value, client.get(name).orElseThrow(), name);
        }
        assertEquals(
                names.stream().sorted().toList(),
                client.allKeys("").stream().sorted().toList());
        client.delete("a/b c");
        assertEquals(Optional.empty(), client.get("a/b c"));
        client.delete("a/b c"); // deleting an absent key succeeds
        assertTrue(client.get("a/b").isEmpty(), "a get matches the whole name, not a prefix");
    }

    @Test
    void listingPagesWithCursorsAndFiltersByPrefix() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String name = "p/" + i;
            client.put(name, utf8("v"), Optional.empty());
            expected.add(name);
        }
        client.put("other", utf8("v"), Optional.empty());
        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            KeyPage page = client.listKeys("p/", cursor, 3);
            assertTrue(page.names().size() <= 3, "a page holds at most the limit");
            seen.addAll(page.names());
            cursor = page.cursor();
            pages++;
        } while (cursor.isPresent());
        assertEquals(expected, seen);
        assertTrue(pages >= 3, "7 names in pages of 3 need at least 3 pages, took " + pages);
        assertThrows(IllegalArgumentException.class, () -> client.listKeys("", Optional.empty(), 0));
    }

    @Test
    void bulkDeleteRemovesEveryNamedKeyAndNoOther() {
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            doomed.add("d" + i);
            client.put("d" + i, utf8("v"), Optional.empty());
        }
        client.put("keep", utf8("v"), Optional.empty());
        client.deleteAll(doomed);
        assertEquals(List.of("keep"), client.allKeys(""));
    }

    @Test
    void expiryIsSentAsWholeSecondsNoShorterThanKvsFloor() {
        assertEquals(60, WorkersKvClient.ttlSeconds(Duration.ZERO));
        assertEquals(60, WorkersKvClient.ttlSeconds(Duration.ofSeconds(1)));
        assertEquals(62, WorkersKvClient.ttlSeconds(Duration.ofMillis(61_500)));
        assertEquals(3600, WorkersKvClient.ttlSeconds(Duration.ofHours(1)));
        // The Worker, like the API, refuses a TTL under 60 s: the client must never send one.
        client.put("short", utf8("v"), Optional.of(Duration.ofSeconds(1)));
        assertArrayEquals(utf8("v"), client.get("short").orElseThrow());
    }

    @Test
    void aRefusedTokenIsAPermanentErrorThatNeverShowsTheToken() {
        String secret = "secret-" + UUID.randomUUID();
        WorkersKvClient wrong = new WorkersKvClient(
                new WorkersKvLocation(LocalWorker.endpoint(), "test-account", "ns", secret), Duration.ofSeconds(30));
        StoreException e = assertThrows(StoreException.class, () -> wrong.get("k"));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("refused the API token"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertFalse(wrong.location().toString().contains(secret));
    }

    @Test
    void anUnreachableEndpointIsRetryableAndNamesTheNamespace() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        WorkersKvClient down = new WorkersKvClient(
                new WorkersKvLocation(URI.create("http://127.0.0.1:" + port), "acc", "ns-down", "tok"),
                Duration.ofSeconds(5));
        StoreUnavailableException e =
                assertThrows(StoreUnavailableException.class, () -> down.put("k", utf8("v"), Optional.empty()));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("ns-down"), e.getMessage());
        assertFalse(e.getMessage().contains("tok"), e.getMessage());
    }
}
