package dev.stepwise.store.workerskv;

import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.tck.StoreFixture;
import java.time.Duration;
import java.util.UUID;

/**
 * A fresh namespace of the local Worker per fixture. Every client is the versioned adapter over
 * the <em>same</em> {@link WorkersKvStore}: one writer, as the store requires, so the adapter's
 * per-key locks serialise the clients as they would the threads of one server.
 */
final class WorkersKvFixture implements StoreFixture {

    private final WorkersKvClient client =
            new WorkersKvClient(LocalWorker.location("ns-" + UUID.randomUUID()), Duration.ofSeconds(30));
    private final WorkersKvStore kv = new WorkersKvStore(client);

    @Override
    public VersionedStore newClient() {
        return kv.versioned();
    }

    WorkersKvClient client() {
        return client;
    }

    /** Drops the namespace's keys: a listing, then bulk deletes. */
    @Override
    public void close() {
        client.deleteAll(client.allKeys(""));
    }
}
