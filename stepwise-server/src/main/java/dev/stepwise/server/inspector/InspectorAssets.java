package dev.stepwise.server.inspector;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The inspector page: plain ES modules and CSS from the jar (no build step, nothing fetched from
 * elsewhere), under a content security policy that allows only this server's own scripts, and the
 * widget frames of the playground.
 */
final class InspectorAssets extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Scripts from this server only and no inline code: an injected {@code <script>} cannot run. */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    /**
     * A widget is the flow author's HTML with inline scripts: it runs in a sandbox with an opaque
     * origin, so it can reach neither the inspector's API nor its token.
     */
    static final String WIDGET_POLICY = "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline';"
            + " style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

    private static final String ROOT = "/dev/stepwise/server/inspector/assets/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final transient Map<String, byte[]> assets;
    private final transient Function<String, String> widgetHtml;
    private final transient Set<String> widgetTools;

    InspectorAssets(Function<String, String> widgetHtml, Set<String> widgetTools) {
        this.assets = load();
        this.widgetHtml = widgetHtml;
        this.widgetTools = Set.copyOf(widgetTools);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        if (path.equals("/widget")) {
            widget(request, response);
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        byte[] body = assets.get(name);
        if (body == null) {
            response.sendError(404, "no inspector asset " + name);
            return;
        }
        response.setContentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        response.setHeader("Content-Security-Policy", PAGE_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        // the assets change with the jar only; revalidating is cheap on loopback and never stale
        response.setHeader("Cache-Control", "no-cache");
        response.getOutputStream().write(body);
    }

    private void widget(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String tool = request.getParameter("tool");
        if (tool == null || !widgetTools.contains(tool)) {
            response.sendError(404, "no widget tool of that name is hosted here");
            return;
        }
        String html = widgetHtml.apply(tool);
        response.setContentType("text/html; charset=utf-8");
        response.setHeader("Content-Security-Policy", WIDGET_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-cache");
        response.getOutputStream().write((html != null ? html : genericWidget()).getBytes(StandardCharsets.UTF_8));
    }

    /** For widgets without their own HTML: the data as formatted JSON (as the MCP resource shows it). */
    private static String genericWidget() {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <style>body{font-family:system-ui,sans-serif;margin:0;padding:12px}pre{white-space:pre-wrap}</style>
                </head><body><pre id="data">Waiting for data…</pre><script>
                window.addEventListener('message',function(e){var m=e.data;if(m&&m.params&&
                (m.method==='ui/notifications/tool-input'||m.method==='ui/notifications/tool-result')){
                document.getElementById('data').textContent=JSON.stringify(m.params.arguments||m.params.structuredContent,null,2);}});
                </script></body></html>
                """;
    }

    private static Map<String, byte[]> load() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : new String[] {
            "index.html",
            "style.css",
            "app.js",
            "api.js",
            "dom.js",
            "graph.js",
            "flows.js",
            "sessions.js",
            "session.js",
            "playground.js"
        }) {
            try (InputStream in = InspectorAssets.class.getResourceAsStream(ROOT + name)) {
                if (in == null) {
                    throw new IllegalStateException("the inspector asset " + name + " is missing from the jar");
                }
                out.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the inspector asset " + name, e);
            }
        }
        return Map.copyOf(out);
    }
}
