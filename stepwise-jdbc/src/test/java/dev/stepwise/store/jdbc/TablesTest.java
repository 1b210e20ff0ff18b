package dev.stepwise.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void validPrefixesNameEveryTable() {
        Tables t = Tables.withPrefix("stepwise_");
        assertEquals("stepwise_records", t.records());
        assertEquals("stepwise_items", t.items());
        assertEquals("stepwise_schema_version", t.schemaVersion());
        assertEquals("stepwise_records_expiry", t.index("records_expiry"));
        Tables.withPrefix("a");
        Tables.withPrefix("a" + "b1_".repeat(10)); // 31 chars
    }

    @Test
    void prefixesThatCouldInjectSqlOrBreakIdentifiersAreRefused() {
        for (String bad : List.of(
                "",
                "1abc",
                "_x",
                "Stepwise_",
                "x-y",
                "x y",
                "x;drop table t;--",
                "x\"",
                "x'",
                "x`",
                "x.y",
                "ä",
                "x\u0000",
                "a" + "b".repeat(31))) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Tables.withPrefix(bad), bad);
            assertTrue(e.getMessage().contains("table prefix"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Tables.withPrefix(null));
        assertThrows(IllegalArgumentException.class, () -> JdbcStore.builder(new PlainDataSource("jdbc:h2:mem:x"))
                .tablePrefix("x;"));
    }
}
