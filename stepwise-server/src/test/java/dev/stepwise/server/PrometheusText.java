package dev.stepwise.server;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4: every line is a {@code # HELP},
 * a {@code # TYPE} or a sample; every sample belongs to a family typed before it; names, labels
 * and values are well formed. Anything else fails the parse with the line's number.
 */
final class PrometheusText {

    /** One sample: the series' name, its labels (sorted) and value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Set<String> SUFFIXES = Set.of("", "_total", "_count", "_sum", "_bucket", "_created");

    private PrometheusText() {}

    static List<Sample> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a newline");
        }
        Map<String, String> types = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Sample> samples = new java.util.ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    if (types.put(type.group(1), type.group(2)) != null) {
                        throw fail(number, "a second TYPE for " + type.group(1));
                    }
                } else if (!HELP.matcher(line).matches()) {
                    throw fail(number, "neither HELP nor TYPE: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw fail(number, "not a sample: " + line);
            }
            String name = sample.group(1);
            if (SUFFIXES.stream()
                    .noneMatch(s ->
                            name.endsWith(s) && types.containsKey(name.substring(0, name.length() - s.length())))) {
                throw fail(number, "sample " + name + " belongs to no family typed before it");
            }
            Map<String, String> labels = labels(sample.group(3), number);
            String series = name + labels;
            if (seen.put(series, number) != null) {
                throw fail(number, "duplicate series " + series);
            }
            samples.add(new Sample(name, labels, value(sample.group(4), number)));
        }
        return samples;
    }

    private static Map<String, String> labels(String text, int number) {
        Map<String, String> labels = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!label.find(at) || label.start() != at) {
                throw fail(number, "bad labels: " + text);
            }
            if (labels.put(label.group(1), label.group(2)) != null) {
                throw fail(number, "label " + label.group(1) + " twice");
            }
            at = label.end();
        }
        return labels;
    }

    private static double value(String text, int number) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw fail(number, "bad value " + text);
                }
        }
    }

    /** The value of the one sample named {@code name} with exactly {@code labels}. */
    static double value(List<Sample> samples, String name, Map<String, String> labels) {
        Map<String, String> wanted = new LinkedHashMap<>(new TreeMap<>(labels));
        List<Sample> found = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(wanted))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("no single sample " + name + wanted + " among "
                    + samples.stream().filter(s -> s.name().equals(name)).toList());
        }
        return found.get(0).value();
    }

    private static IllegalArgumentException fail(int line, String message) {
        return new IllegalArgumentException("line " + line + ": " + message);
    }
}
