/**
 * Internal JSON helpers: path access into state objects and the fast ISO instant codec.
 */
@NullMarked
package dev.stepwise.internal.json;

import org.jspecify.annotations.NullMarked;
