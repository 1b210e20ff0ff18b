package dev.stepwise.engine;

import java.util.List;

/**
 * Receives every item of a saved turn, transient ones included, after the turn is saved. Called
 * on the caller's thread; an exception is logged and does not affect the call.
 */
@FunctionalInterface
public interface LogListener {

    void onItems(String flowId, String sessionId, List<LogItem> items);
}
