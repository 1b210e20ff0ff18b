/**
 * Internal field validation shared by the flow DSL and the engine.
 */
@NullMarked
package dev.stepwise.internal.flow;

import org.jspecify.annotations.NullMarked;
