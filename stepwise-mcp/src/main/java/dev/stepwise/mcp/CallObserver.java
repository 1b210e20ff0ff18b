package dev.stepwise.mcp;

/** Told about every flow-tool call after it was answered. Must be fast and must not throw. */
@FunctionalInterface
public interface CallObserver {

    /** An observer that ignores every call. */
    CallObserver NONE = event -> {};

    void onCall(CallEvent event);
}
