package dev.stepwise.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.store.memory.MemoryStore;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One observation per call, store operations as its children, low-cardinality key values only. */
class StepwiseObservationsTest {

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final RacingStore store = new RacingStore(MemoryStore.builder().build());
    private final Script script = new Script();
    private final FlowEngine engine = FlowEngine.builder()
            .store(store)
            .storeName("memory")
            .observer(StepwiseObservations.of(registry))
            .register(script.quote(), Script.broken())
            .build();

    @Test
    void eachCallIsOneTurnObservationWithItsOutcome() {
        script.run(engine, store);
        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo(StepwiseObservations.TURN, 8)
                .hasObservationWithNameEqualTo(StepwiseObservations.TURN)
                .that()
                .hasLowCardinalityKeyValue("flow", "quote")
                .hasLowCardinalityKeyValue("action", "start")
                .hasLowCardinalityKeyValue("node", "ask_name")
                .hasLowCardinalityKeyValue("status", "interrupt")
                .hasLowCardinalityKeyValue("error", "none")
                .hasBeenStarted()
                .hasBeenStopped();
        TestObservationRegistryAssert.assertThat(registry)
                .hasAnObservationWithAKeyValue("error", "NODE_FAILED")
                .hasAnObservationWithAKeyValue("status", "complete")
                .hasAnObservationWithAKeyValue("flow", "unknown")
                .hasAnObservationWithAKeyValue("outcome", "conflict")
                .forAllObservationsWithNameEqualTo(
                        StepwiseObservations.TURN, turn -> turn.doesNotHaveHighCardinalityKeyValueWithKey("session"));
    }

    @Test
    void storeOperationsAreChildrenOfTheirTurnAndTheTurnOfTheCallersObservation() {
        Observation request = Observation.start("http.server.requests", registry);
        try (Observation.Scope scope = request.openScope()) {
            // a start with a requestId reads the session before it creates it
            engine.call(FlowCall.start("quote").sessionId("s1").requestId("r-1").build());
        }
        request.stop();
        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo(StepwiseObservations.TURN, 1)
                .hasObservationWithNameEqualTo(StepwiseObservations.TURN)
                .that()
                .hasParentObservationEqualTo(request);
        TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(contexts -> {
            List<Observation.Context> stores = contexts.stream()
                    .filter(c -> c.getName().equals(StepwiseObservations.STORE))
                    .toList();
            assertTrue(stores.size() >= 2, "at least a read and a write: " + stores.size());
            for (Observation.Context context : stores) {
                ObservationView parent = context.getParentObservation();
                assertNotNull(parent, "a store observation has a parent");
                assertEquals(StepwiseObservations.TURN, parent.getContextView().getName());
                assertEquals(
                        "memory", context.getLowCardinalityKeyValue("store").getValue());
                assertNotNull(context.getLowCardinalityKeyValue("operation"));
                assertEquals("ok", context.getLowCardinalityKeyValue("outcome").getValue());
            }
        });
    }
}
