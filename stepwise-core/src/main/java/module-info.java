/**
 * Stepwise core: the flow DSL, the engine, the store SPI with its toolkit for store authors, the
 * memory store and the encryption wrapper. Only these API packages are exported; {@code
 * dev.stepwise.internal} and its sub-packages are implementation and may change in any release.
 */
module dev.stepwise.core {
    requires transitive tools.jackson.databind;
    requires org.slf4j;
    requires static transitive org.jspecify;

    exports dev.stepwise.engine;
    exports dev.stepwise.flow;
    exports dev.stepwise.json;
    exports dev.stepwise.scope;
    exports dev.stepwise.store;
    exports dev.stepwise.store.crypto;
    exports dev.stepwise.store.memory;
    exports dev.stepwise.store.support;

    uses dev.stepwise.store.StoreProvider;
    uses dev.stepwise.flow.FlowProvider;

    provides dev.stepwise.store.StoreProvider with
            dev.stepwise.store.memory.MemoryStoreProvider;
}
