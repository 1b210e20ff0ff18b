package dev.stepwise.store.tck;

import dev.stepwise.store.VersionedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance kit. A store module extends this class once, supplies {@link #createFixture()},
 * and inherits every contract test (see the {@linkplain dev.stepwise.store.tck package documentation}):
 *
 * <pre>{@code
 * class PostgresStoreConformanceTest extends VersionedStoreConformance {
 *     protected StoreFixture createFixture() { return new PostgresFixture(); }
 * }
 * }</pre>
 */
public abstract class VersionedStoreConformance
        implements StoreContract,
                CasContract,
                RaceContract,
                DeleteContract,
                ExpiryContract,
                ListingContract,
                ItemLogContract,
                HostileKeyContract,
                LargeValueContract,
                EngineScenarioContract,
                EngineDataContract,
                ExactlyOnceContract {

    private StoreFixture fixture;
    private VersionedStore store;

    /** A fresh, empty namespace of the backend under test. */
    protected abstract StoreFixture createFixture() throws Exception;

    @BeforeEach
    final void openFixture() throws Exception {
        fixture = createFixture();
        store = fixture.newClient();
    }

    @AfterEach
    final void closeFixture() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Override
    public final StoreFixture fixture() {
        return fixture;
    }

    @Override
    public final VersionedStore store() {
        return store;
    }
}
