/**
 * Scopes: state shared beyond one session (per user or per project) and the resources kept in them.
 */
@NullMarked
package dev.stepwise.scope;

import org.jspecify.annotations.NullMarked;
