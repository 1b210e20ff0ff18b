package dev.stepwise.flowfile;

import dev.stepwise.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * A flow file read into a JSON tree that remembers where each value stood (line and column, by
 * JSON pointer), so every later check can name the place. The one reader for YAML and JSON.
 *
 * <p>Hostile input is refused before it costs much: files over {@link #MAX_BYTES}, nesting deeper
 * than {@link #MAX_DEPTH}, and YAML anchors and aliases (the billion-laughs expansion needs them;
 * a flow file has no use for them).
 */
final class Source {

    /** Largest flow file accepted; real ones are a few kilobytes. */
    static final int MAX_BYTES = 1 << 20;

    /** Deepest nesting of objects and lists accepted. */
    static final int MAX_DEPTH = 32;

    private static final String ANCHORS =
            "uses a YAML anchor or alias (&name / *name); flow files do not allow them: write the value out";

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loadSettings(LoadSettings.builder()
                    .setMaxAliasesForCollections(0)
                    .setCodePointLimit(MAX_BYTES)
                    .build())
            .streamReadConstraints(constraints())
            // duplicate keys are refused by the reader below, at the second key and in plain words
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonFactory JSON =
            JsonFactory.builder().streamReadConstraints(constraints()).build();

    private final String file;
    private final String text;
    private final JsonNode root;
    private final Map<String, TokenStreamLocation> locations;
    private final Map<String, TokenStreamLocation> keys;

    private Source(
            String file,
            String text,
            JsonNode root,
            Map<String, TokenStreamLocation> locations,
            Map<String, TokenStreamLocation> keys) {
        this.file = file;
        this.text = text;
        this.root = root;
        this.locations = locations;
        this.keys = keys;
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH + 8)
                .maxDocumentLength(MAX_BYTES)
                .maxStringLength(MAX_BYTES)
                .build();
    }

    /**
     * Reads a flow file: JSON when the name ends in {@code .json}, YAML otherwise (YAML is a
     * superset, but the JSON parser gives better messages for JSON).
     *
     * @throws FlowFileException naming the file, line and column of the first syntax problem
     */
    static Source read(String file, byte[] content) {
        if (content.length > MAX_BYTES) {
            throw FlowFileException.of(
                    "FLOW_FILE_TOO_LARGE",
                    new Problem(
                            file,
                            0,
                            0,
                            "is " + content.length + " bytes; flow files are limited to " + MAX_BYTES
                                    + " bytes (1 MiB): split the flow or move data out of it"));
        }
        boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json");
        Map<String, TokenStreamLocation> locations = new HashMap<>();
        Map<String, TokenStreamLocation> keys = new HashMap<>();
        String text = new String(content, StandardCharsets.UTF_8);
        if (!json) {
            refuseAnchors(file, text);
        }
        try (JsonParser parser = json
                ? JSON.createParser(ObjectReadContext.empty(), text)
                : YAML.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw FlowFileException.of("FLOW_FILE_INVALID", new Problem(file, 0, 0, "is empty"));
            }
            JsonNode root = new Reader(file, parser, locations, keys).value("", 0);
            if (parser.nextToken() != null) {
                throw problem(
                        file, parser.currentTokenLocation(), "holds more than one document; put one flow in a file");
            }
            return new Source(file, text, root, locations, keys);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String message =
                    e.getCause() instanceof MarkedYamlEngineException yaml ? yaml.getProblem() : e.getOriginalMessage();
            throw problem(file, at, "is not valid " + (json ? "JSON" : "YAML") + ": " + firstLine(message));
        }
    }

    /**
     * Refuses the first YAML anchor or alias. The token parser reports aliases and anchored
     * collections but not anchored scalars, so the events are scanned once more (only when the
     * text holds an {@code &}); a syntax error stops the scan and is reported by the real parse.
     */
    private static void refuseAnchors(String file, String text) {
        if (text.indexOf('&') < 0) {
            return;
        }
        try {
            for (Event event : new Parse(LoadSettings.builder().build()).parseString(text)) {
                if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
                    Mark mark = node.getStartMark().orElse(null);
                    throw FlowFileException.of(
                            "FLOW_FILE_INVALID",
                            new Problem(
                                    file,
                                    mark == null ? 0 : mark.getLine() + 1,
                                    mark == null ? 0 : mark.getColumn() + 1,
                                    ANCHORS));
                }
            }
        } catch (YamlEngineException e) {
            // not YAML: the parse that follows names the problem
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static FlowFileException problem(String file, TokenStreamLocation at, String message) {
        return FlowFileException.of("FLOW_FILE_INVALID", new Problem(file, line(at), column(at), message));
    }

    private static int line(TokenStreamLocation at) {
        return at == null || at.getLineNr() < 0 ? 0 : at.getLineNr();
    }

    private static int column(TokenStreamLocation at) {
        return at == null || at.getColumnNr() < 0 ? 0 : at.getColumnNr();
    }

    String file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** A problem at the value with this JSON pointer (or its nearest located parent). */
    Problem at(String pointer, String message) {
        return near(locations, pointer, message, 0);
    }

    /** A problem at the key of the member with this JSON pointer. */
    Problem atKey(String pointer, String message) {
        return keys.containsKey(pointer) ? near(keys, pointer, message, 0) : at(pointer, message);
    }

    /**
     * A problem inside a string value: {@code offset} characters after where the string's text
     * starts (a quoted scalar starts one column after its quote).
     */
    Problem inside(String pointer, int offset, String message) {
        TokenStreamLocation at = locations.get(pointer);
        boolean quoted = at != null && "\"'".indexOf(charAt(line(at), column(at))) >= 0;
        return near(locations, pointer, message, offset + (quoted ? 1 : 0));
    }

    /** The character at a 1-based line and column of the text, or a space. */
    private char charAt(int line, int column) {
        int start = 0;
        for (int i = 1; i < line && start >= 0; i++) {
            start = text.indexOf('\n', start) + 1;
            start = start == 0 ? -1 : start;
        }
        int index = start + column - 1;
        return start < 0 || column < 1 || index >= text.length() ? ' ' : text.charAt(index);
    }

    private Problem near(Map<String, TokenStreamLocation> map, String pointer, String message, int offset) {
        String p = pointer;
        TokenStreamLocation at = map.get(p);
        while (at == null && !p.isEmpty()) {
            p = p.substring(0, p.lastIndexOf('/'));
            at = locations.get(p);
        }
        return new Problem(file, line(at), column(at) + (at == null ? 0 : offset), message);
    }

    /** Builds the tree token by token, recording where each value starts. */
    private static final class Reader {
        private final String file;
        private final JsonParser parser;
        private final Map<String, TokenStreamLocation> locations;
        private final Map<String, TokenStreamLocation> keys;
        private final JsonNodeFactory nodes = Json.nodes();

        Reader(
                String file,
                JsonParser parser,
                Map<String, TokenStreamLocation> locations,
                Map<String, TokenStreamLocation> keys) {
            this.file = file;
            this.parser = parser;
            this.locations = locations;
            this.keys = keys;
        }

        JsonNode value(String pointer, int depth) {
            TokenStreamLocation at = parser.currentTokenLocation();
            locations.put(pointer, at);
            if (parser instanceof YAMLParser yaml && (yaml.isCurrentAlias() || yaml.getObjectId() != null)) {
                throw problem(file, at, ANCHORS);
            }
            if (depth > MAX_DEPTH) {
                throw problem(file, at, "nests deeper than " + MAX_DEPTH + " levels");
            }
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT -> {
                    ObjectNode object = nodes.objectNode();
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        String name = parser.currentName();
                        TokenStreamLocation keyAt = parser.currentTokenLocation();
                        if (object.has(name)) {
                            throw problem(file, keyAt, "key '" + name + "' appears twice");
                        }
                        parser.nextToken();
                        String child = pointer + "/" + escape(name);
                        keys.put(child, keyAt);
                        object.set(name, value(child, depth + 1));
                    }
                    return object;
                }
                case START_ARRAY -> {
                    ArrayNode array = nodes.arrayNode();
                    int i = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        array.add(value(pointer + "/" + i++, depth + 1));
                    }
                    return array;
                }
                case VALUE_STRING -> {
                    return nodes.stringNode(parser.getString());
                }
                case VALUE_NUMBER_INT -> {
                    return nodes.numberNode(parser.getBigIntegerValue());
                }
                case VALUE_NUMBER_FLOAT -> {
                    return nodes.numberNode(parser.getDecimalValue());
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
                }
                case VALUE_NULL -> {
                    return nodes.nullNode();
                }
                default ->
                    throw problem(
                            file,
                            at,
                            "holds a binary or otherwise tagged value, which flow files do not use: write it as"
                                    + " text, a number, a boolean, a list or a mapping");
            }
        }

        private static String escape(String name) {
            return name.replace("~", "~0").replace("/", "~1");
        }
    }
}
