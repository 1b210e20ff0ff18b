/**
 * The store SPI: {@link dev.stepwise.store.VersionedStore}, the versioned key-value store with item logs
 * that every backend implements, and its values. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.stepwise.store;

import org.jspecify.annotations.NullMarked;
