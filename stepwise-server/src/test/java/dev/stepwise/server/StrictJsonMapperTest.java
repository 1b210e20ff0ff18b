package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON mapper the MCP transports parse requests with. */
class StrictJsonMapperTest {

    @Test
    void duplicateKeysAreRefusedNotResolvedLastWins() {
        assertThrows(Exception.class, () -> FlowService.jsonMapper()
                .readValue("{\"action\":\"continue\",\"action\":\"cancel\"}", Map.class));
    }

    @Test
    void decimalsStayExactAndHugeExponentsDoNotBecomeInfinity() throws Exception {
        Map<?, ?> parsed =
                FlowService.jsonMapper().readValue("{\"a\":0.1000000000000000000001,\"b\":1e999999999}", Map.class);
        assertEquals(new BigDecimal("0.1000000000000000000001"), parsed.get("a"));
        assertInstanceOf(BigDecimal.class, parsed.get("b"));
    }
}
