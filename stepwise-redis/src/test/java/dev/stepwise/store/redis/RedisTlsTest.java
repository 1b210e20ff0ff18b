package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.tck.Poll;
import dev.stepwise.store.tck.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://}: the store over TLS, as Upstash and other managed Redis services serve it,
 * against a local redis-server with a TLS port and a CA made at test time. The client verifies the
 * server's certificate: an untrusted CA is refused.
 */
class RedisTlsTest {

    @TempDir
    Path dir;

    @Test
    void theStoreWorksOverTlsAndRefusesAnUntrustedServer() throws Exception {
        Services.assume("redis-server", RedisServerProcess.binary() != null, "redis-server is not on the PATH");
        Services.assume("openssl", TestCertificates.opensslAvailable(), "the openssl command is not on the PATH");
        TestCertificates certs = TestCertificates.create(dir);
        int tlsPort = RedisServerProcess.freePort();
        RedisServerProcess server;
        try {
            server = RedisServerProcess.start(
                    "--tls-port", String.valueOf(tlsPort),
                    "--tls-cert-file", certs.serverCert().toString(),
                    "--tls-key-file", certs.serverKey().toString(),
                    "--tls-ca-cert-file", certs.caCert().toString(),
                    "--tls-auth-clients", "no");
        } catch (IllegalStateException e) {
            // Debian's redis-server is built with TLS; a build without it refuses the tls-* options.
            Services.assume("redis-server with TLS", false, "this redis-server cannot serve TLS: " + e.getMessage());
            return;
        }
        try (server) {
            Poll.until(
                    "TLS port " + tlsPort + " listens",
                    Duration.ofSeconds(20),
                    () -> RedisServerProcess.listening(tlsPort));
            String uri = "rediss://127.0.0.1:" + tlsPort + "?keyPrefix=tls-test:&timeout=5s";

            // Without the test CA in the trust store, the server's certificate is refused.
            StoreException untrusted = assertThrows(StoreException.class, () -> {
                try (VersionedStore store = StoreProviders.open(uri)) {
                    store.read(StoreKey.session("f:none"));
                }
            });
            assertTrue(untrusted.getMessage().toLowerCase().contains("127.0.0.1:" + tlsPort), untrusted.getMessage());

            Properties saved = (Properties) System.getProperties().clone();
            System.setProperty("javax.net.ssl.trustStore", certs.trustStore().toString());
            System.setProperty("javax.net.ssl.trustStorePassword", certs.trustStorePassword());
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            try (VersionedStore store = StoreProviders.open(uri)) {
                StoreKey key = StoreKey.session("f:tls");
                WriteResult written = store.write(Write.of(
                        key,
                        "{\"over\":\"tls\"}".getBytes(StandardCharsets.UTF_8),
                        Expect.absent(),
                        Duration.ofMinutes(5)));
                assertInstanceOf(WriteResult.Written.class, written);
                assertEquals(
                        "{\"over\":\"tls\"}",
                        new String(store.read(key).orElseThrow().value(), StandardCharsets.UTF_8));
            } finally {
                System.setProperties(saved);
            }
            // The plain port serves the same data: the write above went through the TLS port to this server.
            assertTrue(server.cli("--scan", "--pattern", "tls-test:*").contains("tls-test:"), server.log());
        }
    }
}
