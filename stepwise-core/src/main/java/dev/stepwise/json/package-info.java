/**
 * The one JSON configuration Stepwise reads and writes with ({@link dev.stepwise.json.Json}) and its error.
 */
@NullMarked
package dev.stepwise.json;

import org.jspecify.annotations.NullMarked;
