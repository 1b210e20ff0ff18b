package dev.stepwise.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * In front of the SDK's stateful (session) transport, used with {@code --mcp-sessions}: checks each
 * POST like the stateless endpoint does ({@link McpPost}), bounds the live MCP sessions and expires
 * idle ones.
 *
 * <ul>
 *   <li>An {@code initialize} beyond {@code maxSessions} live sessions gets 503 with Retry-After, so a
 *       flood of initializes cannot grow memory past the cap.
 *   <li>A session unused for {@code idleTimeout} is unknown from then on: requests naming it, or any
 *       unknown id, get 404 with a JSON-RPC error (the spec's signal to initialize again). The SDK
 *       frees its side of the session on its next sweep (its sweep interval is the idle timeout).
 *   <li>Requests other than {@code initialize} without an {@code Mcp-Session-Id} get 400.
 * </ul>
 */
final class SessionGuard implements Filter {

    static final String HEADER = "Mcp-Session-Id";

    private final McpPost reader;
    private final int maxSessions;
    private final long idleNanos;
    private final LongSupplier clock;
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
    private final AtomicInteger live = new AtomicInteger();

    SessionGuard(McpPost reader, int maxSessions, Duration idleTimeout, LongSupplier nanoClock) {
        this.reader = reader;
        this.maxSessions = maxSessions;
        this.idleNanos = idleTimeout.toNanos();
        this.clock = nanoClock;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String method = request.getMethod();
        String session = request.getHeader(HEADER);
        if ("POST".equals(method)) {
            McpPost.Read read = reader.read(request);
            if (read instanceof McpPost.Refused refused) {
                refused.write(response);
                return;
            }
            McpPost.Message message = (McpPost.Message) read;
            JsonRpcError invalid = message.isRequest()
                    ? ParamsCheck.check(message.method(), message.json().get("params"), message.id())
                    : null;
            if (invalid != null) {
                invalid.write(response);
                return;
            }
            HttpServletRequest buffered = new BufferedBodyRequest(request, message.body());
            if (session == null && "initialize".equals(message.method())) {
                initialize(buffered, response, chain, message.id());
                return;
            }
            if (!known(session, response, message.id())) {
                return;
            }
            chain.doFilter(buffered, response);
            return;
        }
        if ("GET".equals(method) || "DELETE".equals(method)) {
            if (!known(session, response, null)) {
                return;
            }
            chain.doFilter(request, response);
            if ("DELETE".equals(method) && response.getStatus() < 300) {
                forget(session);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** The number of sessions the guard holds as live. */
    int liveSessions() {
        return live.get();
    }

    private void initialize(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Object id)
            throws IOException, ServletException {
        expireIdle();
        if (live.incrementAndGet() > maxSessions) {
            live.decrementAndGet();
            new JsonRpcError(
                            HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                            JsonRpcError.UNAVAILABLE,
                            "Too many MCP sessions (" + maxSessions + " live): retry later, or end sessions with"
                                    + " DELETE",
                            id)
                    .write(response);
            return;
        }
        // The session is registered when the SDK sets its header, before the response is flushed: the
        // client may send its next request (notifications/initialized) before doFilter returns here.
        Issuing issuing = new Issuing(response);
        try {
            chain.doFilter(request, issuing);
        } finally {
            if (!issuing.issued) {
                live.decrementAndGet();
            }
        }
    }

    /** Registers the session id the moment the transport sets it on the initialize response. */
    private final class Issuing extends HttpServletResponseWrapper {
        private boolean issued;

        Issuing(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            register(name, value);
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            register(name, value);
            super.addHeader(name, value);
        }

        private void register(String name, String value) {
            if (!issued && HEADER.equalsIgnoreCase(name) && value != null) {
                issued = lastUsed.putIfAbsent(value, clock.getAsLong()) == null;
            }
        }
    }

    /** Whether the session is live (and marks it used); else answers 400 or 404. */
    private boolean known(String session, HttpServletResponse response, Object id) throws IOException {
        if (session == null) {
            JsonRpcError.badRequest(
                            JsonRpcError.INVALID_REQUEST,
                            "Bad request: send the Mcp-Session-Id header from the initialize response",
                            id)
                    .write(response);
            return false;
        }
        long now = clock.getAsLong();
        boolean[] expired = {false};
        Long used = lastUsed.computeIfPresent(session, (key, last) -> {
            if (now - last > idleNanos) {
                expired[0] = true;
                return null;
            }
            return now;
        });
        if (expired[0]) {
            live.decrementAndGet();
        }
        if (used == null) {
            new JsonRpcError(
                            HttpServletResponse.SC_NOT_FOUND,
                            JsonRpcError.INVALID_REQUEST,
                            "Session not found: the Mcp-Session-Id is unknown or expired; send initialize again",
                            id)
                    .write(response);
            return false;
        }
        return true;
    }

    private void forget(String session) {
        if (lastUsed.remove(session) != null) {
            live.decrementAndGet();
        }
    }

    private void expireIdle() {
        long now = clock.getAsLong();
        lastUsed.forEach((session, last) -> {
            if (now - last > idleNanos && lastUsed.remove(session, last)) {
                live.decrementAndGet();
            }
        });
    }
}
