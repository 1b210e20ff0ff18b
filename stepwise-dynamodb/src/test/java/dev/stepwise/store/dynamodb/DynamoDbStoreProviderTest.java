package dev.stepwise.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DynamoDbStoreProviderTest {

    private final DynamoDbStoreProvider provider = new DynamoDbStoreProvider();

    @Test
    void acceptsOnlyItsScheme() {
        assertTrue(provider.accepts("dynamodb://t"));
        assertFalse(provider.accepts("mongodb://t"));
    }

    @Test
    void badUrisNameTheProblem() {
        assertMessage("dynamodb://", "names no table");
        assertMessage("dynamodb://t?region=EU WEST", "region");
        assertMessage("dynamodb://t?region=eu-west-1&endpoint=localhost:8000", "endpoint");
        assertMessage("dynamodb://t?region=eu-west-1&colour=blue", "colour");
        assertMessage("dynamodb://t?region=eu-west-1&createTable=maybe", "createTable");
        assertMessage("dynamodb://t?region=eu-west-1&timeoutMs=soon", "timeoutMs");
        assertMessage("dynamodb://a?region=eu-west-1", "table name");
    }

    @Test
    void opensAStoreOnTheNamedTableThroughTheServiceLoader() {
        try (DynamoDbStore store = (DynamoDbStore) dev.stepwise.store.StoreProviders.open(
                "dynamodb://stepwise_x?region=eu-west-1&endpoint=http://127.0.0.1:1&timeoutMs=500")) {
            assertEquals("stepwise_x", store.table());
        }
    }

    private void assertMessage(String uri, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.open(uri));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
