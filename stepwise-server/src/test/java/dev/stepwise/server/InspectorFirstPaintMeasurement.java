package dev.stepwise.server;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Measures, not tests: how fast the inspector's sessions page paints over a 10,000-session SQLite
 * store, in headless Chromium (the browser's own performance timeline; 5 fresh page loads). Run
 * with {@code -Dtest=InspectorFirstPaintMeasurement -Dinspector.measure=true}; the figures are in
 * docs/inspector.md.
 */
@EnabledIfSystemProperty(named = "inspector.measure", matches = "true")
class InspectorFirstPaintMeasurement {

    private static final int SESSIONS = 10_000;
    private static final int RUNS = 5;

    @TempDir
    Path dir;

    @Test
    void firstPaintOfTenThousandSessions() throws Exception {
        String store = "sqlite:" + dir.resolve("inspector.db");
        try (FlowService service = new FlowService(store, null, FlowCatalog.load(null))) {
            FlowEngine engine = service.engine();
            long started = System.nanoTime();
            for (int i = 0; i < SESSIONS; i++) {
                String id = String.format("load-%05d", i);
                engine.call(InsuranceQuote.ID, Json.parse("{\"action\":\"start\"}"), id, null);
                if (i % 3 == 0) {
                    engine.call(InsuranceQuote.ID, Json.parse("{\"action\":\"cancel\"}"), id, null);
                }
            }
            System.out.printf(
                    "filled %d sessions in %d s%n",
                    SESSIONS, Duration.ofNanos(System.nanoTime() - started).toSeconds());
            HttpServer http = HttpServer.start(
                    new HttpServer.Settings("127.0.0.1", 0, null, Set.of(), Duration.ofSeconds(5)), service);
            WebDriver driver = Chromium.start();
            try {
                String url = "http://127.0.0.1:" + http.port() + "/inspector/";
                driver.get(url); // warm-up: the JIT and the browser's cache of nothing (assets are no-cache)
                List<double[]> runs = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    Thread.sleep(
                            10_000); // past the counts reuse (3 s, or 20 times the count), so every run counts afresh
                    driver.get("about:blank");
                    driver.get(url + "?run=" + run);
                    new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> (Boolean) ((JavascriptExecutor) d)
                            .executeScript("return performance.getEntriesByName('inspector:counts-shown').length > 0"));
                    @SuppressWarnings("unchecked")
                    List<Number> times = (List<Number>)
                            ((JavascriptExecutor) driver)
                                    .executeScript(
                                            "return ['first-contentful-paint', 'inspector:sessions-shown',"
                                                    + " 'inspector:counts-shown'].map(n => performance.getEntriesByName(n)[0].startTime);");
                    double[] figures =
                            times.stream().mapToDouble(Number::doubleValue).toArray();
                    runs.add(figures);
                    System.out.printf(
                            "run %d: first contentful paint %.0f ms, sessions table %.0f ms, counts %.0f ms%n",
                            run + 1, figures[0], figures[1], figures[2]);
                }
                report("first contentful paint", runs, 0);
                report("sessions table shown", runs, 1);
                report("counts of all sessions shown", runs, 2);
            } finally {
                driver.quit();
                http.stop();
            }
        }
    }

    private static void report(String what, List<double[]> runs, int index) {
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> values.add(r[index]));
        Collections.sort(values);
        System.out.printf(
                "%s over %d runs: median %.0f ms, min %.0f ms, max %.0f ms%n",
                what, values.size(), values.get(values.size() / 2), values.get(0), values.get(values.size() - 1));
    }
}
