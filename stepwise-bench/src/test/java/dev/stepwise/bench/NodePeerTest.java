package dev.stepwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.tck.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WaniWani driver's answers: parsed, and refused when they cannot be a real window. */
class NodePeerTest {

    private static final String WINDOW = "{\"inFlight\":2,\"turns\":4005,\"conversations\":1000,\"verified\":2,"
            + "\"elapsedNanos\":500000000,\"cpuMicros\":40050,\"p50Micros\":9.5,\"p99Micros\":120.25}";

    @Test
    void aWindowBecomesAMeasurementWithTheNodeProcessCpuPerTurn() {
        Measurement m = NodePeer.Driver.parseWindow(WINDOW, 2);
        assertEquals(4005, m.turns());
        assertEquals(0.5, m.seconds(), 1e-9);
        assertEquals(8010, m.turnsPerSec(), 1e-6);
        assertEquals(10.0, m.cpuMicrosPerTurn(), 1e-9);
        assertEquals(9.5, m.p50Micros());
        assertEquals(120.25, m.p99Micros());
    }

    @Test
    void anErrorOrAWindowNoConversationCouldMakeIsRefused() {
        assertThrows(
                IllegalStateException.class,
                () -> NodePeer.Driver.parseWindow("{\"error\":\"turn 2 answered error\"}", 2));
        // turns without a verified completed conversation: a driver failing silently
        assertThrows(
                IllegalStateException.class,
                () -> NodePeer.Driver.parseWindow(WINDOW.replace("\"verified\":2", "\"verified\":0"), 2));
        assertThrows(
                IllegalStateException.class,
                () -> NodePeer.Driver.parseWindow(WINDOW.replace("\"conversations\":1000", "\"conversations\":0"), 2));
        // more turns than four per conversation plus three unfinished ones per worker
        assertThrows(IllegalStateException.class, () -> NodePeer.Driver.parseWindow(WINDOW.replace("4005", "4007"), 2));
        assertThrows(
                IllegalStateException.class, () -> NodePeer.Driver.parseWindow(WINDOW, 1), "another level's window");
    }

    /** The real driver on WaniWani's MemoryKvStore; needs Node.js (CI installs it) and npm ci the first time. */
    @Test
    void theNodeDriverCompletesAndVerifiesConversations() {
        List<String> notes = new ArrayList<>();
        NodePeer node = NodePeer.locate("test", notes);
        // .ci/run installs Node.js and the driver's packages; without them this skips loudly, or fails
        // when services are required
        Services.assume("Node.js (the WaniWani driver)", node != null, String.join("; ", notes));
        try (NodePeer.Driver driver = node.driver("memory")) {
            assertTrue(driver.versions().contains("\"@waniwani/sdk\":\"0.14.21\""), driver.versions());
            Measurement m = driver.run(2, Duration.ofMillis(200));
            assertTrue(m.turns() >= 8 && m.cpuMicrosPerTurn() > 0, m.toString());
        }
    }
}
