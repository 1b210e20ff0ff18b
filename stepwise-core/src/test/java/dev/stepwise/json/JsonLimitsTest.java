package dev.stepwise.json;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The strict parser refuses with JsonException only, whatever the text. */
class JsonLimitsTest {

    @Test
    void anExponentThatOverflowsBigDecimalIsAJsonException() {
        assertThrows(JsonException.class, () -> Json.parse("777E777777777777777777777777777777777777777777777"));
        assertThrows(JsonException.class, () -> Json.parse("{\"a\":1E9999999999}".getBytes()));
    }
}
