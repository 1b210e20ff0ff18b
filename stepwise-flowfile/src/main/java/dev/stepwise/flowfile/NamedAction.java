package dev.stepwise.flowfile;

import dev.stepwise.flow.Action;

/**
 * A Java action a host application offers to flow files under a name ({@code action: price}).
 * Register instances with {@link ActionRegistry#with}, or list implementations in
 * {@code META-INF/services/dev.stepwise.flowfile.NamedAction} for {@link ActionRegistry#discover()}.
 */
public interface NamedAction extends Action {

    /** The name flow files use; letters, digits, {@code _} and {@code -}. */
    String name();
}
