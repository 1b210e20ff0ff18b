/**
 * The in-memory store, for tests and single-process use.
 */
@NullMarked
package dev.stepwise.store.memory;

import org.jspecify.annotations.NullMarked;
