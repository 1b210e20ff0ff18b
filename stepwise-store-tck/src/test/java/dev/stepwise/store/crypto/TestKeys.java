package dev.stepwise.store.crypto;

import java.security.SecureRandom;

/** A key ring with a fresh current key and an older decrypt-only key, as after a rotation. */
final class TestKeys {

    private TestKeys() {}

    static KeyRing rotated() {
        SecureRandom random = new SecureRandom();
        byte[] current = new byte[KeyRing.KEY_BYTES];
        byte[] old = new byte[KeyRing.KEY_BYTES];
        random.nextBytes(current);
        random.nextBytes(old);
        return KeyRing.builder().current("tck-2", current).add("tck-1", old).build();
    }
}
