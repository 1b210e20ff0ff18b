/**
 * The Stepwise store conformance kit: JUnit 5 contracts every {@link dev.stepwise.store.VersionedStore}
 * must pass.
 *
 * <h2>Running the kit against a store</h2>
 * <ol>
 *   <li>Add {@code stepwise-store-tck} as a {@code test} dependency of the store module.</li>
 *   <li>Write a {@link dev.stepwise.store.tck.StoreFixture}: each instance owns a fresh, empty
 *       namespace of the backend (a unique table or key prefix, a new temporary directory);
 *       {@link dev.stepwise.store.tck.StoreFixture#newClient() newClient()} opens a <em>new,
 *       independent</em> client over that namespace (its own connection pool, its own Redis
 *       client, its own store instance on the same directory), because the races in the kit run
 *       between clients, not just threads; {@code close()} closes every client it handed out and
 *       drops the namespace. Override {@code maxValueBytes()} if the store holds less than 1 MiB.</li>
 *   <li>Extend {@link dev.stepwise.store.tck.VersionedStoreConformance} once:
 * <pre>{@code
 * class RedisStoreConformanceTest extends VersionedStoreConformance {
 *     @BeforeAll
 *     static void redis() {
 *         Services.assumeListening("Redis", "127.0.0.1", 6379);
 *     }
 *
 *     protected StoreFixture createFixture() {
 *         return new RedisFixture();
 *     }
 * }
 * }</pre>
 *       Gate tests on a server with {@link dev.stepwise.store.tck.Services}: they are skipped loudly
 *       when it is absent, and fail when {@code STEPWISE_REQUIRE_SERVICES=1}.</li>
 * </ol>
 * A fixture is created before and closed after every test, and every test uses ids of its own, so
 * tests may run in any order.
 *
 * <h2>What is checked</h2>
 * One interface per concern, each a set of {@code @Test default} methods over
 * {@link dev.stepwise.store.tck.StoreContract#store()}:
 * {@link dev.stepwise.store.tck.CasContract compare-and-set},
 * {@link dev.stepwise.store.tck.RaceContract races between clients},
 * {@link dev.stepwise.store.tck.DeleteContract delete and no ABA},
 * {@link dev.stepwise.store.tck.ExpiryContract expiry},
 * {@link dev.stepwise.store.tck.ListingContract keyset listing},
 * {@link dev.stepwise.store.tck.ItemLogContract item logs},
 * {@link dev.stepwise.store.tck.HostileKeyContract hostile ids},
 * {@link dev.stepwise.store.tck.LargeValueContract large values}, and, through the engine,
 * {@link dev.stepwise.store.tck.EngineScenarioContract whole flows} and
 * {@link dev.stepwise.store.tck.ExactlyOnceContract exactly-once under racing duplicates} (one
 * execution per {@code requestId}, one {@code ctx.once} body per key, answers kept by time).
 * Failure behaviour (a backend going down, a corrupt record) depends on the backend, so each store
 * module tests it itself. The expiry contracts wait for real one-second TTLs to pass, so the kit
 * takes a few seconds per store.
 *
 * <h2>Adding a contract</h2>
 * Write a new interface extending {@link dev.stepwise.store.tck.StoreContract} (one concern per
 * file) and add it to the {@code implements} list of
 * {@link dev.stepwise.store.tck.VersionedStoreConformance}; every store module picks it up. Each
 * test must be able to fail for a real defect, use fresh random ids, and wait on conditions with a
 * deadline rather than sleeping.
 */
package dev.stepwise.store.tck;
