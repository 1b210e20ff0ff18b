package dev.stepwise.server.inspector;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.SessionPage;
import dev.stepwise.engine.SessionQuery;
import dev.stepwise.engine.SessionStatus;
import dev.stepwise.engine.SessionSummary;
import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import dev.stepwise.store.Page;
import dev.stepwise.store.StoreException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inspector's JSON API under {@code /inspector/api/}: flows, sessions (keyset pages, counts),
 * one session, its timeline, its state after a turn, and deleting or purging sessions. Documented
 * for scripts in docs/inspector.md. Reads go through the engine's session administration, as the
 * {@code stepwise sessions} commands do.
 */
final class InspectorApi extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(InspectorApi.class);
    private static final int DEFAULT_LIMIT = 50;

    private final transient FlowEngine engine;
    private final transient LiveItems live;
    private final transient Predicate<HttpServletRequest> writable;
    private final transient SessionCounts counts;
    private final boolean bearer;

    InspectorApi(FlowEngine engine, LiveItems live, Predicate<HttpServletRequest> writable, boolean bearer) {
        this.engine = engine;
        this.live = live;
        this.writable = writable;
        this.bearer = bearer;
        this.counts = new SessionCounts(engine.sessions(), Clock.systemUTC());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String route = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            JsonNode body =
                    switch (method + " " + route) {
                        case "GET /info" -> info(request);
                        case "GET /flows" -> flows();
                        case "GET /flow" -> FlowJson.full(flow(required(request, "id")));
                        case "GET /sessions" -> sessions(request);
                        case "GET /counts" -> counts.get();
                        case "GET /session" ->
                            SessionView.of(engine, required(request, "flow"), required(request, "id"));
                        case "GET /timeline" -> timeline(request);
                        case "GET /state" -> state(request);
                        case "DELETE /session" -> delete(request);
                        case "POST /purge" -> purge(request);
                        default ->
                            throw new ApiError(
                                    404,
                                    "NOT_FOUND",
                                    "no inspector API route " + method + " " + route + "; see docs/inspector.md");
                    };
            write(response, 200, body);
        } catch (ApiError e) {
            write(response, e.status(), error(e.code(), e.getMessage()));
        } catch (StoreException e) {
            LOG.warn("inspector: store failed on {} {}: {}", method, route, e.toString());
            write(response, 503, error("STORE_UNAVAILABLE", "the store failed; try again: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            write(response, 400, error("BAD_REQUEST", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("inspector: {} {} failed", method, route, e);
            write(response, 500, error("INTERNAL", "the inspector failed unexpectedly; see the server log"));
        }
    }

    private ObjectNode info(HttpServletRequest request) {
        ObjectNode out = Json.object();
        out.put("server", "stepwise");
        out.put("auth", bearer ? "bearer" : "none");
        out.put("writable", writable.test(request));
        out.put("mcpPath", "/mcp");
        out.put("flows", engine.flows().size());
        return out;
    }

    private ObjectNode flows() {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("flows");
        for (Flow flow : engine.flows()) {
            list.add(FlowJson.summary(flow));
        }
        return out;
    }

    private Flow flow(String id) {
        return engine.flow(id).orElseThrow(() -> ApiError.notFound("no flow '" + id + "' is hosted here"));
    }

    private ObjectNode sessions(HttpServletRequest request) {
        SessionQuery query = query(request, request.getParameter("cursor"), limit(request));
        SessionPage page = engine.sessions().list(query);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("sessions");
        for (SessionSummary s : page.sessions()) {
            ObjectNode row = list.addObject();
            row.put("flowId", s.flowId());
            row.put("sessionId", s.sessionId());
            row.put("flowVersion", s.flowVersion());
            row.put("status", s.status().label());
            if (s.node() != null) {
                row.put("node", s.node());
            }
            if (s.userId() != null) {
                row.put("userId", s.userId());
            }
            row.put("updatedAt", Json.instantText(s.updatedAt()));
            row.put("expiresAt", Json.instantText(s.expiresAt()));
        }
        ArrayNode unreadable = out.putArray("unreadable");
        for (Page.Unreadable bad : page.unreadable()) {
            ObjectNode row = unreadable.addObject();
            row.put("location", bad.location());
            row.put("reason", bad.reason());
        }
        if (page.nextCursor() != null) {
            out.put("nextCursor", page.nextCursor());
        } else {
            out.putNull("nextCursor");
        }
        return out;
    }

    /** The list filters: flow, status, user, updatedSince (and updatedBefore, for purges). */
    private static SessionQuery query(HttpServletRequest request, String cursor, int limit) {
        String status = blankToNull(request.getParameter("status"));
        return new SessionQuery(
                blankToNull(request.getParameter("flow")),
                status == null ? null : status(status),
                blankToNull(request.getParameter("user")),
                instant(request, "updatedSince"),
                instant(request, "updatedBefore"),
                blankToNull(cursor),
                limit);
    }

    private ObjectNode timeline(HttpServletRequest request) {
        String flowId = required(request, "flow");
        String sessionId = required(request, "id");
        Timeline timeline = Timeline.read(engine.sessions(), live, flowId, sessionId);
        ObjectNode out = Json.object();
        out.put("flowId", flowId);
        out.put("sessionId", sessionId);
        out.put("turns", timeline.turns());
        out.put("trimmed", timeline.trimmed());
        out.set("items", timeline.toJson());
        return out;
    }

    private ObjectNode state(HttpServletRequest request) {
        String flowId = required(request, "flow");
        String sessionId = required(request, "id");
        Timeline timeline = Timeline.read(engine.sessions(), live, flowId, sessionId);
        String turn = request.getParameter("turn");
        return timeline.stateAfter(turn == null || turn.isBlank() ? timeline.turns() : integer("turn", turn));
    }

    private ObjectNode delete(HttpServletRequest request) {
        requireWritable(request);
        String flowId = required(request, "flow");
        String sessionId = required(request, "id");
        requireConfirm(request);
        boolean existed = engine.sessions().delete(flowId, sessionId);
        live.forget(flowId, sessionId);
        counts.invalidate();
        LOG.info("inspector: deleted session flow={} existed={}", flowId, existed);
        ObjectNode out = Json.object();
        out.put("deleted", existed);
        return out;
    }

    /** Without confirm=yes, only counts what would go (like {@code stepwise sessions purge} without --yes). */
    private ObjectNode purge(HttpServletRequest request) {
        requireWritable(request);
        SessionQuery query = query(request, null, 1000);
        long matched = 0;
        for (SessionQuery next = query; next != null; ) {
            SessionPage page = engine.sessions().list(next);
            matched += page.sessions().size() + page.unreadable().size();
            next = page.hasMore() ? next.after(page) : null;
        }
        ObjectNode out = Json.object();
        out.put("matched", matched);
        if ("yes".equals(request.getParameter("confirm"))) {
            long deleted = engine.sessions().purge(query);
            counts.invalidate();
            LOG.info("inspector: purged {} of {} matching sessions", deleted, matched);
            out.put("deleted", deleted);
        } else {
            out.put("deleted", 0);
            out.put("hint", "nothing was deleted: repeat with confirm=yes to delete them");
        }
        return out;
    }

    private void requireWritable(HttpServletRequest request) {
        if (!writable.test(request)) {
            throw new ApiError(
                    403,
                    "READ_ONLY",
                    "this inspector is read-only: send Authorization: Bearer <token> to change sessions");
        }
    }

    private static void requireConfirm(HttpServletRequest request) {
        if (!"yes".equals(request.getParameter("confirm"))) {
            throw ApiError.badRequest("add confirm=yes to really delete the session");
        }
    }

    private static SessionStatus status(String value) {
        for (SessionStatus status : SessionStatus.values()) {
            if (status.label().equals(value.toLowerCase(Locale.ROOT))) {
                return status;
            }
        }
        throw ApiError.badRequest("status must be active, completed or cancelled, not '" + abbreviate(value) + "'");
    }

    private static Instant instant(HttpServletRequest request, String name) {
        String value = blankToNull(request.getParameter(name));
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, not '"
                    + abbreviate(value) + "'");
        }
    }

    private static int limit(HttpServletRequest request) {
        String value = request.getParameter("limit");
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int limit = integer("limit", value);
        if (limit < 1 || limit > 1000) {
            throw ApiError.badRequest("limit must be 1..1000, was " + limit);
        }
        return limit;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a whole number, not '" + abbreviate(value) + "'");
        }
    }

    private static String required(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("missing query parameter '" + name + "'");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode out = Json.object();
        out.put("error", message);
        out.put("code", code);
        return out;
    }

    private static void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getOutputStream().write(Json.bytes(body));
    }
}
