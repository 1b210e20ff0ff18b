package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.StoreException;
import org.junit.jupiter.api.Test;

class ServerVersionTest {

    @Test
    void acceptsSixTwoAndLater() {
        for (String v : new String[] {"6.2.0", "7.0.15", "8.0-m01", "10.0.0"}) {
            assertDoesNotThrow(
                    () -> ServerVersion.require("# Server\r\nredis_version:" + v.replace("-m01", "") + "\r\n"), v);
        }
    }

    @Test
    void refusesOlderServersNamingTheirVersion() {
        StoreException e = assertThrows(
                StoreException.class,
                () -> ServerVersion.require("# Server\r\nredis_version:6.0.16\r\nredis_mode:standalone\r\n"));
        assertTrue(e.getMessage().contains("6.0.16") && e.getMessage().contains("6.2"), e.getMessage());
        assertThrows(StoreException.class, () -> ServerVersion.require("# Server\r\n"));
    }
}
