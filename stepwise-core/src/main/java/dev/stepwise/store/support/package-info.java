/**
 * The toolkit for store authors: the pieces every {@link dev.stepwise.store.VersionedStore} implementation
 * needs and should not write again. Public and stable like the SPI itself; the built-in stores use it, and a
 * third-party store should too.
 *
 * <ul>
 *   <li>{@link dev.stepwise.store.support.CasRetry}: the one bounded compare-and-set retry loop.</li>
 *   <li>{@link dev.stepwise.store.support.ExpectSwitch}: the dispatch over the three cases of a
 *       {@link dev.stepwise.store.Expect}, each written once.</li>
 *   <li>{@link dev.stepwise.store.support.ConditionalWrite} and {@link dev.stepwise.store.support.ConditionalDelete}:
 *       the decision of a conditional write (create, update, unconditional upsert, retried races) and of a
 *       conditional delete, over a backend's few primitives.</li>
 *   <li>{@link dev.stepwise.store.support.SizeLimit}: refusing values and items too large for the backend,
 *       before anything is written.</li>
 *   <li>{@link dev.stepwise.store.support.SetUpOnce}: schema, table or index creation on first use, once,
 *       thread-safe, tried again after a failure.</li>
 * </ul>
 */
@NullMarked
package dev.stepwise.store.support;

import org.jspecify.annotations.NullMarked;
