package dev.stepwise.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoreProvidersTest {

    @Test
    void anUnknownUriIsNamedByItsSchemeOnlySoNoCredentialLeaks() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StoreProviders.open("jdbc:oracle:thin:scott/tiger@db.example:1521:x"));
        assertTrue(e.getMessage().contains("'jdbc:oracle:thin:…'"), e.getMessage());
        assertFalse(e.getMessage().contains("tiger"), e.getMessage());
        assertEquals("nosuch:…", StoreProviders.scheme("nosuch://u:pw@h"));
        assertEquals("…", StoreProviders.scheme("pw@host"));
    }

    @Test
    void aPostgresUrlAsPsqlPrintsItPointsToTheJdbcForm() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> StoreProviders.open("postgres://app:pw@db:5432/app"));
        assertTrue(e.getMessage().contains("did you mean jdbc:postgresql://"), e.getMessage());
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
        assertTrue(StoreProviders.didYouMean("mysql://h/db").contains("jdbc:mariadb://"));
        assertEquals("", StoreProviders.didYouMean("nosuch://h"));
    }

    @Test
    void redactionHidesPasswordsAndTokens() {
        assertEquals(
                "workers-kv://a/n?token=***&endpoint=x",
                StoreProviders.redact("workers-kv://a/n?token=abc&endpoint=x"));
        assertEquals("redis://u:***@h:1", StoreProviders.redact("redis://u:pw@h:1"));
        assertEquals(
                "jdbc:postgresql://h/db?user=u&password=***",
                StoreProviders.redact("jdbc:postgresql://h/db?user=u&password=pw"));
    }
}
