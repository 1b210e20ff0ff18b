package dev.stepwise.store.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need a server on this machine (PostgreSQL, MariaDB, Redis): when it is
 * absent the test is skipped with a loud notice, unless {@code STEPWISE_REQUIRE_SERVICES=1}, when
 * it fails.
 */
public final class Services {

    public static final String REQUIRE_ENV = "STEPWISE_REQUIRE_SERVICES";

    private Services() {}

    /** Whether missing services must fail the build instead of skipping. */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_ENV)) || "1".equals(System.getProperty(REQUIRE_ENV));
    }

    /** Whether something accepts TCP connections on host:port within a second. */
    public static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Skips (or, when services are required, fails) the calling test unless host:port listens. */
    public static void assumeListening(String service, String host, int port) {
        assume(service, listening(host, port), service + " is not listening on " + host + ":" + port);
    }

    /** Skips (or fails) the calling test when {@code available} is false. */
    public static void assume(String service, boolean available, String why) {
        if (available) {
            return;
        }
        String message = "SKIPPED: " + service + " tests need a running " + service + " (" + why + ")." + " Set "
                + REQUIRE_ENV + "=1 to make this a failure.";
        if (required()) {
            Assertions.fail(service + " is required (" + REQUIRE_ENV + "=1) but unavailable: " + why);
        }
        System.err.println("\n*** " + message + " ***\n");
        Assumptions.abort(message);
    }
}
