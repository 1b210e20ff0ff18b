package dev.stepwise.server;

import dev.stepwise.flow.Edge;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flow's graph as a standalone SVG image: nodes in rows by their distance from the start, edges
 * as arrows (dashed when conditional). Self-contained (no fonts or scripts fetched).
 */
final class FlowSvg {

    private static final int WIDTH = 180;
    private static final int HEIGHT = 44;
    private static final int GAP_X = 30;
    private static final int GAP_Y = 56;

    private FlowSvg() {}

    static String render(Flow flow) {
        Map<String, Integer> depth = depths(flow);
        Map<Integer, List<String>> rows = new LinkedHashMap<>();
        depth.forEach((id, d) -> rows.computeIfAbsent(d, k -> new ArrayList<>()).add(id));
        int columns = rows.values().stream().mapToInt(List::size).max().orElse(1);
        int width = columns * (WIDTH + GAP_X) + GAP_X;
        int height = rows.size() * (HEIGHT + GAP_Y) + GAP_Y;
        Map<String, int[]> at = new LinkedHashMap<>();
        rows.forEach((row, ids) -> {
            int offset = (width - ids.size() * (WIDTH + GAP_X) + GAP_X) / 2;
            for (int i = 0; i < ids.size(); i++) {
                at.put(ids.get(i), new int[] {offset + i * (WIDTH + GAP_X), GAP_Y / 2 + row * (HEIGHT + GAP_Y)});
            }
        });
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"13\">\n")
                .append("<title>")
                .append(escape(flow.id() + " version " + flow.version()))
                .append("</title>\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\""
                        + " markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
        for (Edge edge : flow.edges()) {
            for (String to : edge.targets()) {
                int[] a = at.get(edge.from());
                int[] b = at.get(to);
                if (a == null || b == null) {
                    continue;
                }
                svg.append("<line x1=\"")
                        .append(a[0] + WIDTH / 2)
                        .append("\" y1=\"")
                        .append(a[1] + HEIGHT)
                        .append("\" x2=\"")
                        .append(b[0] + WIDTH / 2)
                        .append("\" y2=\"")
                        .append(b[1])
                        .append("\" stroke=\"#555\" marker-end=\"url(#arrow)\"")
                        .append(edge instanceof Edge.Conditional ? " stroke-dasharray=\"5,4\"" : "")
                        .append("/>\n");
            }
        }
        at.forEach((id, p) -> {
            boolean terminal = id.equals(Flow.START) || id.equals(Flow.END);
            Node node = flow.node(id);
            String label = terminal ? (id.equals(Flow.START) ? "start" : "end") : id + " (" + node.kind() + ")";
            svg.append("<g id=\"")
                    .append(escape(id))
                    .append("\"><rect x=\"")
                    .append(p[0])
                    .append("\" y=\"")
                    .append(p[1])
                    .append("\" width=\"")
                    .append(WIDTH)
                    .append("\" height=\"")
                    .append(HEIGHT)
                    .append("\" rx=\"")
                    .append(terminal ? HEIGHT / 2 : 6)
                    .append("\" fill=\"")
                    .append(terminal ? "#eee" : "#f4f8ff")
                    .append("\" stroke=\"#333\"/><text x=\"")
                    .append(p[0] + WIDTH / 2)
                    .append("\" y=\"")
                    .append(p[1] + HEIGHT / 2 + 5)
                    .append("\" text-anchor=\"middle\">")
                    .append(escape(label))
                    .append("</text></g>\n");
        });
        return svg.append("</svg>\n").toString();
    }

    /** Breadth-first distance from the start; nodes the start cannot reach go in a last row. */
    private static Map<String, Integer> depths(Flow flow) {
        Map<String, Integer> depth = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        depth.put(Flow.START, 0);
        queue.add(Flow.START);
        int deepest = 0;
        while (!queue.isEmpty()) {
            String id = queue.poll();
            Edge edge = flow.edgeFrom(id);
            if (edge == null) {
                continue;
            }
            for (String to : edge.targets()) {
                if (!depth.containsKey(to) && !to.equals(Flow.END)) {
                    depth.put(to, depth.get(id) + 1);
                    deepest = Math.max(deepest, depth.get(id) + 1);
                    queue.add(to);
                }
            }
        }
        for (Node node : flow.nodes()) {
            depth.putIfAbsent(node.id(), deepest + 1);
        }
        deepest = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        depth.put(Flow.END, deepest + 1);
        return depth;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
