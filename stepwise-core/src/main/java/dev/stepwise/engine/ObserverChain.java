package dev.stepwise.engine;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Several observers as one: each is told everything, in the order they were added. */
final class ObserverChain implements EngineObserver {

    private final List<EngineObserver> observers;

    private ObserverChain(List<EngineObserver> observers) {
        this.observers = observers;
    }

    /** The observers as one; {@link #NONE} for none, the observer itself for one. */
    static EngineObserver of(List<EngineObserver> observers) {
        List<EngineObserver> active = observers.stream().filter(o -> o != NONE).toList();
        if (active.isEmpty()) {
            return NONE;
        }
        return active.size() == 1 ? active.get(0) : new ObserverChain(active);
    }

    @Override
    public Watch<TurnReport> turn(@Nullable String flowId, @Nullable CallAction action) {
        List<Watch<TurnReport>> watches = new ArrayList<>(observers.size());
        for (EngineObserver observer : observers) {
            watches.add(observer.turn(flowId, action));
        }
        return report -> endInReverse(watches, report);
    }

    @Override
    public Watch<StoreCall> store(String store, StoreCall.Operation operation) {
        List<Watch<StoreCall>> watches = new ArrayList<>(observers.size());
        for (EngineObserver observer : observers) {
            watches.add(observer.store(store, operation));
        }
        return report -> endInReverse(watches, report);
    }

    @Override
    public void sessionsPurged(long count) {
        observers.forEach(o -> o.sessionsPurged(count));
    }

    /** Ends the watches last-started first, so thread-bound scopes they opened close in order. */
    private static <T> void endInReverse(List<Watch<T>> watches, T report) {
        for (int i = watches.size() - 1; i >= 0; i--) {
            watches.get(i).ended(report);
        }
    }
}
