package dev.stepwise.server.inspector;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Node;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The inspector served by {@code stepwise serve}: the page at {@value #PATH} and its JSON API at
 * {@value #API_PATH}. Access checks (Host, Origin, bearer token) are the server's, applied to these
 * paths as to {@code /mcp}; this class only decides which admitted requests may change sessions.
 */
public final class Inspector {

    /** Where the page is served. */
    public static final String PATH = "/inspector";
    /** Where its JSON API is served. */
    public static final String API_PATH = "/inspector/api";

    private Inspector() {}

    /**
     * Adds the page and the API to {@code context}.
     *
     * @param engine     the engine the server runs (its session administration and flows)
     * @param live       the transient log items this server saw
     * @param widgetHtml the HTML of a widget tool (as its {@code ui://} resource serves it), or null
     * @param writable   whether an admitted request may delete, purge or drive flows
     * @param bearer     whether the server requires a bearer token
     */
    public static void install(
            ServletContextHandler context,
            FlowEngine engine,
            LiveItems live,
            Function<String, String> widgetHtml,
            Predicate<HttpServletRequest> writable,
            boolean bearer) {
        Set<String> widgetTools = new LinkedHashSet<>();
        for (Flow flow : engine.flows()) {
            for (Node node : flow.nodes()) {
                if (node instanceof Node.WidgetNode widget) {
                    widgetTools.add(widget.tool());
                }
            }
        }
        context.addServlet(
                new ServletHolder("inspector-api", new InspectorApi(engine, live, writable, bearer)), API_PATH + "/*");
        context.addServlet(new ServletHolder("inspector", new InspectorAssets(widgetHtml, widgetTools)), PATH + "/*");
    }
}
