package dev.stepwise.engine;

/** The shared watch that does nothing, so ignoring costs no allocation. */
final class Ignored implements EngineObserver.Watch<Object> {

    static final Ignored INSTANCE = new Ignored();

    private Ignored() {}

    @Override
    public void ended(Object report) {}
}
