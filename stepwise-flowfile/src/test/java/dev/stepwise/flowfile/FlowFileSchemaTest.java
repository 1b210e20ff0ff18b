package dev.stepwise.flowfile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The published JSON Schema accepts the shipped flow files and catches what editors should flag. */
class FlowFileSchemaTest {

    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema() throws Exception {
        try (InputStream in = FlowFiles.class.getResourceAsStream("flowfile.schema.json")) {
            assertNotNull(in, "flowfile.schema.json ships beside FlowFiles");
            return Json.mapper().readValue(in, Map.class);
        }
    }

    private static JsonSchemaValidator.ValidationResponse check(JsonNode file) throws Exception {
        return new DefaultJsonSchemaValidator().validate(schema(), Json.mapper().convertValue(file, Map.class));
    }

    private static JsonNode resource(String name) throws Exception {
        try (InputStream in = FlowFileSchemaTest.class.getResourceAsStream("/flows/" + name)) {
            return YAML.readTree(in);
        }
    }

    @Test
    void theShippedFlowFilesAreValid() throws Exception {
        for (String name : new String[] {"insurance_quote.yaml", "support_triage.json"}) {
            JsonSchemaValidator.ValidationResponse result = check(resource(name));
            assertTrue(result.valid(), name + ": " + result.errorMessage());
        }
    }

    @Test
    void aFileWithVersioningIsValid() throws Exception {
        JsonNode file = resource("insurance_quote.yaml");
        ((tools.jackson.databind.node.ObjectNode) file)
                .set(
                        "versioning",
                        Json.parse("{\"policy\":\"migrate\",\"migrate\":{\"from\":\"1\",\"nodes\":{\"a\":\"b\"},"
                                + "\"set\":{\"x\":\"1\"}}}"));
        JsonSchemaValidator.ValidationResponse result = check(file);
        assertTrue(result.valid(), result.errorMessage());
    }

    @Test
    void unknownKeysAndWrongKindsAreFlagged() throws Exception {
        JsonNode typo = resource("insurance_quote.yaml").deepCopy();
        ((tools.jackson.databind.node.ObjectNode) typo).put("titel", "x");
        assertFalse(check(typo).valid(), "unknown top-level key");

        JsonNode twoKinds = Json.parse("{\"id\":\"a\",\"nodes\":{\"n\":{\"set\":{\"x\":\"1\"},\"action\":\"y\"}},"
                + "\"edges\":[{\"from\":\"__start__\",\"to\":\"n\"}]}");
        assertFalse(check(twoKinds).valid(), "a node has exactly one kind");

        JsonNode badType = Json.parse("{\"id\":\"a\",\"state\":{\"x\":{\"type\":\"text\"}},"
                + "\"nodes\":{\"n\":{\"set\":{\"x\":\"1\"}}},\"edges\":[{\"from\":\"__start__\",\"to\":\"n\"}]}");
        assertFalse(check(badType).valid(), "field types are an enum");
    }
}
