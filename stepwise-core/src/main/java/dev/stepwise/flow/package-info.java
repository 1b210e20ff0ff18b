/**
 * The flow DSL: a {@link dev.stepwise.flow.Flow} is a graph of nodes over a typed state schema, built with
 * {@link dev.stepwise.flow.FlowBuilder}. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.stepwise.flow;

import org.jspecify.annotations.NullMarked;
