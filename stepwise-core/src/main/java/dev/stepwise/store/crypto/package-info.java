/**
 * At-rest encryption for any store: {@link dev.stepwise.store.crypto.EncryptedStore} wraps a
 * {@link dev.stepwise.store.VersionedStore} and encrypts values and item payloads with
 * AES-256-GCM under the keys of a {@link dev.stepwise.store.crypto.KeyRing}.
 */
@NullMarked
package dev.stepwise.store.crypto;

import org.jspecify.annotations.NullMarked;
