/**
 * Internal decoding of the flow tool's arguments.
 */
@NullMarked
package dev.stepwise.internal.engine;

import org.jspecify.annotations.NullMarked;
