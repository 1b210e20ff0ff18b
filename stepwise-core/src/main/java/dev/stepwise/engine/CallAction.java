package dev.stepwise.engine;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What a call asks of a flow. */
public enum CallAction {
    /** Begin a flow, or resume the live session unless a restart is asked. */
    START,
    /** Answer the pending question or widget. */
    CONTINUE,
    /** Correct earlier answers and re-route from START, keeping other answers. */
    RESET,
    /** End the session without completing it; its state is deleted. */
    CANCEL;

    // computed once: the name is read on every turn
    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The name on the wire: {@code start}, {@code continue}, {@code reset}, {@code cancel}. */
    public String wireName() {
        return wire;
    }

    /** The action with this wire name, or null. */
    public static @Nullable CallAction fromWire(String name) {
        for (CallAction action : values()) {
            if (action.wireName().equals(name)) {
                return action;
            }
        }
        return null;
    }
}
