package dev.stepwise.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the MCP endpoint. Host (on a loopback bind): only loopback names, against DNS rebinding. Origin (against DNS rebinding): requests without one pass (non-browser
 * clients); on a loopback bind, origins on localhost, 127.0.0.1 or [::1] (any port) pass; so do
 * the {@code --allowed-origin}s, with CORS headers (preflights answered here); anything else gets 403. Token: when set, every request needs
 * {@code Authorization: Bearer <token>} (compared in constant time), else 401.
 */
final class AccessFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final boolean loopbackBind;
    private final Set<String> allowedOrigins;
    private final byte[] tokenHash;

    /**
     * Host header values already found allowed (at most {@link #REMEMBERED_HOSTS}): a client sends
     * the same one on every request, and parsing it as a URI each time was a few percent of a
     * call. Refused values are never remembered (a client chooses them).
     */
    private final Set<String> allowedHosts = ConcurrentHashMap.newKeySet();

    private static final int REMEMBERED_HOSTS = 64;

    AccessFilter(boolean loopbackBind, Set<String> allowedOrigins, String token) {
        this.loopbackBind = loopbackBind;
        this.allowedOrigins =
                allowedOrigins.stream().map(AccessFilter::normalize).collect(Collectors.toSet());
        this.tokenHash = token == null ? null : sha256(token);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (loopbackBind && !hostAllowed(request.getHeader("Host"))) {
            LOG.warn("rejected request for host {}", abbreviate(String.valueOf(request.getHeader("Host"))));
            deny(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "host not allowed: this server answers to localhost," + " 127.0.0.1 and [::1] only");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            if (!originAllowed(origin)) {
                LOG.warn("rejected request from origin {}", abbreviate(origin));
                deny(
                        response,
                        HttpServletResponse.SC_FORBIDDEN,
                        "origin not allowed: start the server with" + " --allowed-origin " + abbreviate(origin)
                                + " to allow it");
                return;
            }
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Vary", "Origin");
            response.setHeader(
                    "Access-Control-Expose-Headers", "Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate");
            if ("OPTIONS".equals(request.getMethod())) {
                response.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
                response.setHeader(
                        "Access-Control-Allow-Headers",
                        "Content-Type, Accept, Authorization, Mcp-Session-Id,"
                                + " Mcp-Protocol-Version, Last-Event-ID");
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
        }
        if (tokenHash != null && !authorized(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"stepwise\"");
            deny(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "missing or wrong bearer token:" + " send Authorization: Bearer <token>");
            return;
        }
        chain.doFilter(req, res);
    }

    boolean originAllowed(String origin) {
        String normalized = normalize(origin);
        if (allowedOrigins.contains(normalized)) {
            return true;
        }
        if (!loopbackBind) {
            return false;
        }
        try {
            URI uri = new URI(normalized);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            return ("http".equals(scheme) || "https".equals(scheme))
                    && host != null
                    && LOOPBACK_HOSTS.contains(host)
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * On a loopback bind, the Host header must name a loopback host (or an allowed origin's host):
     * a page on another name that DNS-rebinds to 127.0.0.1 is refused even where no Origin is sent.
     */
    boolean hostAllowed(String host) {
        if (host == null || allowedHosts.contains(host)) {
            return true;
        }
        boolean allowed = checkHost(host);
        if (allowed && allowedHosts.size() < REMEMBERED_HOSTS) {
            allowedHosts.add(host);
        }
        return allowed;
    }

    private boolean checkHost(String host) {
        try {
            String name = new URI("http://" + host.trim().toLowerCase(Locale.ROOT)).getHost();
            if (name == null) {
                return false;
            }
            if (LOOPBACK_HOSTS.contains(name)) {
                return true;
            }
            for (String allowed : allowedOrigins) {
                if (name.equals(URI.create(allowed).getHost())) {
                    return true;
                }
            }
            return false;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenHash, sha256(header.substring(7).trim()));
    }

    private static void deny(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write("{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    private static String normalize(String origin) {
        String value = origin.trim().toLowerCase(Locale.ROOT);
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() <= 100 ? clean : clean.substring(0, 100) + "...";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
