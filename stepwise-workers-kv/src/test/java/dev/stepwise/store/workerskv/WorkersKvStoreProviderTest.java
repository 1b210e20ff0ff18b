package dev.stepwise.store.workerskv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkersKvStoreProviderTest {

    @Test
    void parsesAccountNamespaceTokenAndEndpoint() {
        WorkersKvLocation location = WorkersKvStoreProvider.location(
                "workers-kv://acc1/ns1?token=t%2Bk&endpoint=http%3A%2F%2F127.0.0.1%3A8787", null);
        assertEquals(new WorkersKvLocation(URI.create("http://127.0.0.1:8787"), "acc1", "ns1", "t+k"), location);
        assertEquals(
                WorkersKvLocation.CLOUDFLARE,
                WorkersKvStoreProvider.location("workers-kv://a/n/?token=x", null)
                        .endpoint());
        assertEquals(Duration.ofMillis(2500), WorkersKvStoreProvider.timeout("workers-kv://a/n?timeoutMs=2500"));
        assertEquals(Duration.ofSeconds(10), WorkersKvStoreProvider.timeout("workers-kv://a/n"));
    }

    @Test
    void theTokenMayComeFromTheEnvironmentButTheUriWins() {
        assertEquals(
                "env",
                WorkersKvStoreProvider.location("workers-kv://a/n", "env").token());
        assertEquals(
                "uri",
                WorkersKvStoreProvider.location("workers-kv://a/n?token=uri", "env")
                        .token());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> WorkersKvStoreProvider.location("workers-kv://a/n", null));
        assertTrue(e.getMessage().contains("CLOUDFLARE_API_TOKEN"), e.getMessage());
    }

    @Test
    void badUrisAreRefusedWithoutEchoingTheToken() {
        String secret = "s3cret" + UUID.randomUUID();
        for (String uri : new String[] {
            "workers-kv://only-account?token=" + secret,
            "workers-kv://a/n/extra?token=" + secret,
            "workers-kv://a/n?token=" + secret + "&colour=blue",
            "workers-kv://a/n?token=" + secret + "&endpoint=ftp://host",
            "workers-kv://a/n?token=" + secret + "&timeoutMs=soon",
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new WorkersKvStoreProvider().open(uri), uri);
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
        assertFalse(StoreProviders.redact("workers-kv://a/n?token=" + secret).contains(secret));
        assertFalse(WorkersKvStoreProvider.location("workers-kv://a/n?token=" + secret, null)
                .toString()
                .contains(secret));
    }

    @Test
    void theServiceLoaderOpensAWorkingStoreFromAUri() {
        URI endpoint = LocalWorker.endpoint();
        String uri = "workers-kv://acc/ns-" + UUID.randomUUID() + "?token="
                + URLEncoder.encode(LocalWorker.TOKEN, StandardCharsets.UTF_8) + "&endpoint="
                + URLEncoder.encode(endpoint.toString(), StandardCharsets.UTF_8);
        try (VersionedStore store = StoreProviders.open(uri)) {
            StoreKey key = StoreKey.session("via-uri");
            assertInstanceOf(
                    WriteResult.Written.class,
                    store.write(Write.of(key, new byte[] {1, 2}, Expect.absent(), Duration.ofHours(1))));
            assertArrayEquals(new byte[] {1, 2}, store.read(key).orElseThrow().value());
        }
    }
}
