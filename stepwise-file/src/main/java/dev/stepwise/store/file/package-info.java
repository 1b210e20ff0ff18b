/**
 * The file store: one file per record in a local directory, safe across threads, store instances
 * and processes, crash-safe by temp file, fsync and atomic rename. Start at
 * {@link dev.stepwise.store.file.FileStore}; URIs {@code file:DIR} open it through
 * {@link dev.stepwise.store.StoreProviders}.
 */
package dev.stepwise.store.file;
