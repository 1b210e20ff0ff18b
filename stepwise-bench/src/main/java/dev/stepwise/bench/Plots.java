package dev.stepwise.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG plots, drawn with XChart: throughput vs in-flight per store with the raw baseline beside
 * it, latency percentiles per store, the Stepwise/raw ratios, serving against the HTTP ceiling, and
 * the growth curves.
 */
final class Plots {

    private static final int W = 520;
    private static final int H = 340;

    private Plots() {}

    static void write(Path dir, Results r) throws IOException {
        Map<String, List<StoreRow>> byStore = new LinkedHashMap<>();
        r.stores.forEach(row ->
                byStore.computeIfAbsent(row.store(), k -> new ArrayList<>()).add(row));
        if (!byStore.isEmpty()) {
            List<Chart<?, ?>> throughput = new ArrayList<>();
            List<Chart<?, ?>> latency = new ArrayList<>();
            byStore.forEach((store, rows) -> {
                throughput.add(throughput(store, rows));
                latency.add(latency(store, rows));
            });
            grid(dir.resolve("throughput.png"), throughput);
            grid(dir.resolve("latency.png"), latency);
            BitmapEncoder.saveBitmap(
                    ratios(byStore), dir.resolve("ratios.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        if (!r.mcp.isEmpty()) {
            BitmapEncoder.saveBitmap(
                    serving(r.mcp), dir.resolve("serving.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        if (!r.growth.isEmpty()) {
            BitmapEncoder.saveBitmap(
                    growth(r.growth), dir.resolve("growth.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static XYChart throughput(String store, List<StoreRow> rows) {
        XYChart chart = new XYChartBuilder()
                .width(W)
                .height(H)
                .title(store)
                .xAxisTitle("in flight")
                .yAxisTitle("turns/s")
                .build();
        style(chart.getStyler());
        double[] x = rows.stream().mapToDouble(StoreRow::inFlight).toArray();
        chart.addSeries(
                        "Stepwise",
                        x,
                        rows.stream()
                                .mapToDouble(row -> row.turnsPerSec().median())
                                .toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        if (rows.stream().noneMatch(row -> row.raw().isEmpty())) {
            chart.addSeries(
                            "raw baseline",
                            x,
                            rows.stream()
                                    .mapToDouble(row -> row.rawTurnsPerSec().median())
                                    .toArray())
                    .setMarker(SeriesMarkers.SQUARE);
        }
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static XYChart latency(String store, List<StoreRow> rows) {
        XYChart chart = new XYChartBuilder()
                .width(W)
                .height(H)
                .title(store + " latency per turn")
                .xAxisTitle("in flight")
                .yAxisTitle("microseconds")
                .build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        double[] x = rows.stream().mapToDouble(StoreRow::inFlight).toArray();
        chart.addSeries(
                "p50", x, rows.stream().mapToDouble(row -> row.p50().median()).toArray());
        chart.addSeries(
                "p99", x, rows.stream().mapToDouble(row -> row.p99().median()).toArray());
        if (rows.stream().noneMatch(row -> row.raw().isEmpty())) {
            chart.addSeries(
                    "raw p50",
                    x,
                    rows.stream().mapToDouble(row -> row.rawP50().median()).toArray());
            chart.addSeries(
                    "raw p99",
                    x,
                    rows.stream().mapToDouble(row -> row.rawP99().median()).toArray());
        }
        return chart;
    }

    private static CategoryChart ratios(Map<String, List<StoreRow>> byStore) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(1100)
                .height(420)
                .title("Stepwise / raw baseline throughput (1.0 = as fast as the raw backend)")
                .xAxisTitle("store")
                .yAxisTitle("ratio")
                .build();
        style(chart.getStyler());
        List<String> stores = byStore.entrySet().stream()
                .filter(e -> e.getValue().stream().noneMatch(row -> row.raw().isEmpty()))
                .map(Map.Entry::getKey)
                .toList();
        for (int level : Options.LEVELS) {
            List<Double> values = new ArrayList<>();
            for (String store : stores) {
                values.add(byStore.get(store).stream()
                        .filter(row -> row.inFlight() == level)
                        .mapToDouble(row -> row.ratio().median())
                        .findFirst()
                        .orElse(0));
            }
            if (!stores.isEmpty()) {
                chart.addSeries(level + " in flight", stores, values);
            }
        }
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static CategoryChart serving(List<McpBench.Row> rows) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(1100)
                .height(420)
                .title("Serving: requests/s over the minimal Jetty handler's (1.0 = the HTTP ceiling)")
                .xAxisTitle("target")
                .yAxisTitle("ratio to the ceiling")
                .build();
        style(chart.getStyler());
        List<String> targets =
                rows.stream().map(McpBench.Row::target).distinct().toList();
        for (int level : McpBench.LEVELS) {
            List<Double> values = new ArrayList<>();
            for (String target : targets) {
                values.add(rows.stream()
                        .filter(row -> row.inFlight() == level && row.target().equals(target))
                        .mapToDouble(row ->
                                Spread.of(row.vsCeiling(), Double::doubleValue).median())
                        .findFirst()
                        .orElse(0));
            }
            chart.addSeries(level + " in flight", targets, values);
        }
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static XYChart growth(List<GrowthBench.Point> points) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(420)
                .title("Growth: turns/s relative to the smallest size (flat = 1.0)")
                .xAxisTitle("log items / stored sessions")
                .yAxisTitle("ratio to smallest")
                .build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        double highest = points.stream()
                .mapToDouble(p -> p.turnsPerSec().median() / ResultsJson.smallest(points, p))
                .filter(Double::isFinite)
                .max()
                .orElse(1.0);
        chart.getStyler().setYAxisMax(Math.max(1.5, highest * 1.1));
        Map<String, List<GrowthBench.Point>> curves = new LinkedHashMap<>();
        points.forEach(p -> curves.computeIfAbsent(p.curve() + " (" + p.store() + ")", k -> new ArrayList<>())
                .add(p));
        curves.forEach((name, curve) -> chart.addSeries(
                name,
                curve.stream().mapToDouble(GrowthBench.Point::size).toArray(),
                curve.stream()
                        .mapToDouble(p -> p.turnsPerSec().median() / ResultsJson.smallest(points, p))
                        .toArray()));
        return chart;
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.InsideSW);
        styler.setChartBackgroundColor(Color.WHITE);
    }

    private static void grid(Path file, List<Chart<?, ?>> charts) throws IOException {
        int columns = 4;
        int rows = (charts.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * W, rows * H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % columns) * W, (i / columns) * H, null);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
