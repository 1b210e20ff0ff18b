package dev.stepwise.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /healthz}: 200 with the number of flows while the server accepts calls. */
final class HealthServlet extends HttpServlet {

    private final int flows;

    HealthServlet(int flows) {
        this.flows = flows;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"status\":\"ok\",\"flows\":" + flows + "}");
    }
}
