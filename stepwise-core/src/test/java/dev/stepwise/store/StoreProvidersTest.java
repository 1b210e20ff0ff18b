package dev.stepwise.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoreProvidersTest {

    @Test
    void anUnknownUriIsNamedByItsSchemeOnlySoNoCredentialLeaks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreProviders.open("jdbc:oracle:thin:scott/tiger@db.example:1521:x"));
        assertTrue(e.getMessage().contains("'jdbc:oracle:thin:…'"), e.getMessage());
        assertFalse(e.getMessage().contains("tiger"), e.getMessage());
        assertEquals("nosuch:…", StoreProviders.scheme("nosuch://u:pw@h"));
        assertEquals("…", StoreProviders.scheme("pw@host"));
    }
}
