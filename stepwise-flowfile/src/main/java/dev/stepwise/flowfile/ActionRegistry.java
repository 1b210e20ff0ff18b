package dev.stepwise.flowfile;

import dev.stepwise.flow.Action;
import dev.stepwise.flow.Node;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Java actions flow files may call by name. Immutable; {@link #with} returns a new registry.
 * A flow file naming an action the registry lacks is refused when it loads.
 */
public final class ActionRegistry {

    private static final ActionRegistry EMPTY = new ActionRegistry(Map.of());

    private final Map<String, Action> actions;

    private ActionRegistry(Map<String, Action> actions) {
        this.actions = Map.copyOf(actions);
    }

    /** No actions. */
    public static ActionRegistry empty() {
        return EMPTY;
    }

    /** Every {@link NamedAction} on the class path (ServiceLoader). */
    public static ActionRegistry discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    /** Every {@link NamedAction} that {@code loader} finds (ServiceLoader), e.g. in a server's flow jars. */
    public static ActionRegistry discover(ClassLoader loader) {
        ActionRegistry registry = EMPTY;
        for (NamedAction action : ServiceLoader.load(NamedAction.class, loader)) {
            registry = registry.with(action.name(), action);
        }
        return registry;
    }

    /**
     * This registry plus {@code action} under {@code name}.
     *
     * @throws IllegalArgumentException if the name is taken or malformed
     */
    public ActionRegistry with(String name, Action action) {
        if (name == null || !Node.ID.matcher(name).matches()) {
            throw new IllegalArgumentException("action name '" + name + "' must match " + Node.ID);
        }
        if (actions.containsKey(name)) {
            throw new IllegalArgumentException("action '" + name + "' is registered twice");
        }
        Map<String, Action> copy = new TreeMap<>(actions);
        copy.put(name, Objects.requireNonNull(action, "action"));
        return new ActionRegistry(copy);
    }

    /** The action with this name, or null. */
    public Action get(String name) {
        return actions.get(name);
    }

    /** Registered names, sorted. */
    public Set<String> names() {
        return new TreeSet<>(actions.keySet());
    }
}
