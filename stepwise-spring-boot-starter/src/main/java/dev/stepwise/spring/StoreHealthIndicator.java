package dev.stepwise.spring;

import dev.stepwise.store.StoreKey;
import dev.stepwise.store.VersionedStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when the store answers a read, down with the failure otherwise. The read is of a session id no
 * session can have, so it costs one lookup and touches no data.
 */
public final class StoreHealthIndicator extends AbstractHealthIndicator {

    private static final StoreKey PROBE = StoreKey.session("stepwise-health-probe");

    private final VersionedStore store;

    public StoreHealthIndicator(VersionedStore store) {
        super("the stepwise store is unreachable");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        store.read(PROBE);
        builder.up();
    }
}
