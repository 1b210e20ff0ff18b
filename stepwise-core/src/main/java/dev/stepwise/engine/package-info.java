/**
 * The engine: {@link dev.stepwise.engine.FlowEngine} runs one turn of a flow per tool call, with session
 * administration and scopes behind its views. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.stepwise.engine;

import org.jspecify.annotations.NullMarked;
